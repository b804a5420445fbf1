using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary>The README's example, <c>shopstream demo</c>: the bundled sample gives the golden summary.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_runs_on_the_bundled_sample_and_writes_the_golden_summary()
    {
        using var temp = new TempFolder();

        var (code, error) = Cli.Run("demo", "--out", temp.Path);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        GoldenSummary.AssertMatches(Cli.ReadSummary(temp.Path));
    }

    [Fact]
    public void Bundled_sample_is_the_repository_sample()
    {
        Assert.Equal(File.ReadAllBytes(RepoPaths.Rees46Sample), File.ReadAllBytes(Commands.DemoCommand.SamplePath));
    }
}
