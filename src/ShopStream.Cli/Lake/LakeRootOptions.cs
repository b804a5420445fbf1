using System.CommandLine;

namespace ShopStream.Cli.Lake;

/// <summary>Where a lake command finds the lake: <c>--lake ROOT</c>, or <c>--out DIR</c> for a run's <c>DIR/lake</c>.</summary>
internal sealed class LakeRootOptions
{
    private readonly Option<string> _lake = new("--lake") { Description = "Lake root: a folder or s3://bucket/prefix" };
    private readonly Option<string> _out = new("--out", "-o") { Description = "A run's output folder: its lake is DIR/lake" };

    public void AddTo(Command command)
    {
        command.Options.Add(_lake);
        command.Options.Add(_out);
    }

    /// <param name="orphansOnly">Whether a lake where no run has committed yet, but whose tables hold files (a first
    /// run's, killed before its commits), is one: for <c>lake vacuum</c>, which deletes them.</param>
    /// <exception cref="ArgumentException">Neither or both are given, or no lake is there.</exception>
    public string Read(ParseResult parse, bool orphansOnly = false)
    {
        string? lake = parse.GetValue(_lake);
        string? output = parse.GetValue(_out);
        if ((lake is null) == (output is null))
            throw new ArgumentException("give the lake with --lake ROOT or a run's folder with --out DIR (one of them)");
        string root = lake ?? Path.Combine(output!, "lake");
        PresentLake.Require(root, "run 'shopstream run --lake' first", orphansOnly);
        return root;
    }
}
