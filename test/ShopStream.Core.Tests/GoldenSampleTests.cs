using ShopStream.Core.Ingest;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Core.Tests;

/// <summary>The 5,000-row REES46 sample reproduces the golden summary of shared/data/README.md, on any partitioning.</summary>
public sealed class GoldenSampleTests
{
    private static TestRun RunSample(PipelineOptions options) =>
        TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46, options);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Sample_reproduces_every_golden_summary_key(int partitions)
    {
        var run = RunSample(TestPipeline.Options(partitions));

        GoldenSummary.AssertMatches(TestPipeline.SummaryJsonOf(run.Summary));
        Assert.Equal(14786.59m, run.Summary.Revenue); // exact, not just after rounding
        Assert.Equal(0, run.Summary.LateEvents);
        run.AssertNothingLost();
    }

    [Fact]
    public void Sample_golden_summary_holds_with_format_detection()
    {
        var run = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], format: null);

        GoldenSummary.AssertMatches(TestPipeline.SummaryJsonOf(run.Summary));
    }

    [Fact]
    public void Partition_count_does_not_change_summary_profiles_or_sessions_bytes()
    {
        var runs = new[] { 1, 2, 7 }.Select(p => RunSample(TestPipeline.Options(p)).Result).ToList();

        var summary = TestPipeline.SummaryBytesOf(runs[0].Summary);
        var profiles = TestPipeline.ProfilesCsvOf(runs[0]);
        var sessions = TestPipeline.SessionsCsvOf(runs[0]);
        foreach (var other in runs.Skip(1))
        {
            Assert.Equal(summary, TestPipeline.SummaryBytesOf(other.Summary));
            Assert.Equal(profiles, TestPipeline.ProfilesCsvOf(other));
            Assert.Equal(sessions, TestPipeline.SessionsCsvOf(other));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Batch_size_does_not_change_profiles(int batchSize)
    {
        var baseline = RunSample(TestPipeline.Options(2)).Result;

        var run = RunSample(TestPipeline.Options(2) with { BatchSize = batchSize }).Result;

        Assert.Equal(TestPipeline.SummaryBytesOf(baseline.Summary), TestPipeline.SummaryBytesOf(run.Summary));
        Assert.Equal(TestPipeline.ProfilesCsvOf(baseline), TestPipeline.ProfilesCsvOf(run));
        Assert.Equal(TestPipeline.SessionsCsvOf(baseline), TestPipeline.SessionsCsvOf(run));
    }

    [Theory]
    [InlineData(2, 4096)]
    [InlineData(3, 64)]
    [InlineData(4, 7)]
    public void Parse_thread_count_does_not_change_outputs(int parseThreads, int batchSize)
    {
        var baseline = RunSample(TestPipeline.Options(2)).Result;

        var run = RunSample(TestPipeline.Options(2, parseThreads) with { BatchSize = batchSize }).Result;

        Assert.Equal(TestPipeline.SummaryBytesOf(baseline.Summary), TestPipeline.SummaryBytesOf(run.Summary));
        Assert.Equal(TestPipeline.ProfilesCsvOf(baseline), TestPipeline.ProfilesCsvOf(run));
        Assert.Equal(TestPipeline.SessionsCsvOf(baseline), TestPipeline.SessionsCsvOf(run));
    }

    [Fact]
    public void Profiles_csv_has_spec_columns_and_one_row_per_user_sorted_by_user_id()
    {
        var result = RunSample(TestPipeline.Options(2)).Result;

        var lines = System.Text.Encoding.UTF8.GetString(TestPipeline.ProfilesCsvOf(result)).TrimEnd('\n').Split('\n');
        Assert.Equal(
            "user_id,events,views,carts,removes,purchases,revenue,first_seen,last_seen,sessions,products_viewed,top_category,top_brand,segment",
            lines[0]);
        var ids = lines.Skip(1).Select(l => long.Parse(l[..l.IndexOf(',')], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(1747, ids.Count);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
