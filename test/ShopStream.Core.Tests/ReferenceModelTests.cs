using ShopStream.Core.Ingest;
using ShopStream.Tests;

namespace ShopStream.Core.Tests;

/// <summary>The pipeline's profiles and sessions for the sample equal an independent LINQ recomputation, for every user.</summary>
public sealed class ReferenceModelTests
{
    private static readonly string[] s_lines = File.ReadAllLines(RepoPaths.Rees46Sample);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Every_profile_equals_the_linq_recomputation(int partitions)
    {
        Assert.DoesNotContain(s_lines, l => l.Contains('"', StringComparison.Ordinal)); // the reference splits on commas
        var (expected, _) = ReferenceModel.Compute(s_lines);

        var run = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46, TestPipeline.Options(partitions));

        Assert.Equal(1747, expected.Count);
        Assert.Equal(expected.Count, run.Profiles.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.Equal(expected[i], run.Profiles[i]);
    }

    [Fact]
    public void Every_session_equals_the_linq_recomputation()
    {
        var (_, expected) = ReferenceModel.Compute(s_lines);

        var run = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46, TestPipeline.Options(2));

        Assert.Equal(1753, expected.Count);
        Assert.Equal(expected, run.Sessions);
        Assert.Equal(48, expected.Count(s => s.Converted));
    }
}
