using System.CommandLine;

namespace ShopStream.Cli.Commands;

/// <summary><c>run</c>'s data-lake options: where the lake goes (<c>DIR/lake</c> by default), or none.</summary>
internal sealed class LakeOptionSet
{
    private readonly Option<bool> _noLake = new("--no-lake") { Description = "Do not write the data lake" };

    private readonly Option<string> _lake = new("--lake")
    {
        Description = "Lake root: a folder or s3://bucket/prefix (default: DIR/lake under --out)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_noLake);
        command.Options.Add(_lake);
    }

    /// <summary>The lake root for a run into <paramref name="outputPath"/>, or null for none.</summary>
    public string? Read(ParseResult parse, string outputPath)
    {
        string? root = parse.GetValue(_lake);
        if (parse.GetValue(_noLake))
            return root is null ? null : throw new ArgumentException("--lake and --no-lake contradict each other");
        return root ?? Path.Combine(outputPath, "lake");
    }
}
