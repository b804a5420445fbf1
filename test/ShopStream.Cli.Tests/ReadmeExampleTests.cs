using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary>The README's example command line, taken from README.md itself, runs and gives the golden summary.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReadmeExampleTests
{
    private const string Command = "scripts/shopstream ";

    /// <summary>The arguments of the first <c>scripts/shopstream</c> line in the README's Example section.</summary>
    private static string[] ExampleArguments()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"));
        int example = Array.FindIndex(lines, l => l.Trim() == "## Example");
        Assert.True(example >= 0, "README.md has no '## Example' section");
        string line = lines.Skip(example).Select(l => l.Trim()).First(l => l.StartsWith(Command, StringComparison.Ordinal));
        return line[Command.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Readme_example_runs_and_reproduces_the_golden_summary()
    {
        var args = ExampleArguments();
        int outAt = Array.FindIndex(args, a => a is "--out" or "-o");
        Assert.True(outAt >= 0 && outAt + 1 < args.Length, "the README example names no --out folder");
        using var temp = new TempFolder();
        args[outAt + 1] = temp.Path; // the one change: write to a temp folder, not into the checkout

        // The example's relative paths are relative to the checkout, where the README tells you to run it.
        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = RepoPaths.Root;
        (int ExitCode, string Error) result;
        try
        {
            result = Cli.Run(args);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        GoldenSummary.AssertMatches(Cli.ReadSummary(temp.Path));
        Assert.True(File.Exists(Path.Combine(temp.Path, "rejected", "rejected.jsonl")));
    }
}
