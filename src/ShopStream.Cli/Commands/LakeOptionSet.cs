using System.CommandLine;

namespace ShopStream.Cli.Commands;

/// <summary>
/// <c>run</c>'s data-lake option: <c>--lake</c> lands the lake in <c>DIR/lake</c>, <c>--lake ROOT</c> elsewhere. Off by
/// default: a run that writes the lake takes about 1.4 times as long and holds more memory (README's "Data lake",
/// "Cost"), which the main job should not pay unasked. <c>serve</c> takes the same option to read the lake.
/// </summary>
internal sealed class LakeOptionSet(string description = "Also land the data lake, in DIR/lake under --out, or at ROOT when one is given (optional: a folder or s3://bucket/prefix)")
{
    private readonly Option<string?> _lake = new("--lake")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
        HelpName = "ROOT",
    };

    public void AddTo(Command command) => command.Options.Add(_lake);

    /// <summary>The lake root for a run in <paramref name="outputPath"/>, or null for none.</summary>
    public string? Read(ParseResult parse, string outputPath)
    {
        if (parse.GetResult(_lake) is null)
            return null;
        return parse.GetValue(_lake) is { Length: > 0 } root ? root : Path.Combine(outputPath, "lake");
    }
}
