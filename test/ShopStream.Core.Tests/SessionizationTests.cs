using System.Globalization;
using ShopStream.Core.Ingest;
using ShopStream.Tests;

namespace ShopStream.Core.Tests;

/// <summary>SPEC "Sessions": per user in event time, a new session after a gap greater than 30 minutes, whatever the arrival order.</summary>
public sealed class SessionizationTests
{
    private static readonly DateTime s_t0 = Rees46Rows.T0;

    [Theory]
    [InlineData(0, 1)]
    [InlineData(29 * 60, 1)]
    [InlineData(30 * 60, 1)]
    [InlineData(30 * 60 + 1, 2)]
    [InlineData(3 * 60 * 60, 2)]
    public void New_session_starts_only_when_the_gap_exceeds_30_minutes(int gapSeconds, int sessions)
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(
            Rees46Rows.Row(s_t0), Rees46Rows.Row(s_t0.AddSeconds(gapSeconds), product: 200)));

        Assert.Equal(sessions, run.Summary.Sessions);
        Assert.Equal(sessions, Assert.Single(run.Profiles).Sessions);
        Assert.Equal(sessions, run.Sessions.Count);
    }

    [Theory]
    [InlineData(10 * 60, 1)]
    [InlineData(10 * 60 + 1, 2)]
    public void Session_gap_is_configurable(int gapSeconds, int sessions)
    {
        var options = TestPipeline.Options() with { SessionGap = TimeSpan.FromMinutes(10) };

        var run = TestPipeline.Run(Rees46Rows.Csv(Rees46Rows.Row(s_t0), Rees46Rows.Row(s_t0.AddSeconds(gapSeconds), product: 200)), options: options);

        Assert.Equal(sessions, run.Summary.Sessions);
    }

    [Fact]
    public void Session_record_spans_its_events_and_converts_with_a_purchase()
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(
            Rees46Rows.Row(s_t0),
            Rees46Rows.Row(s_t0.AddMinutes(10), "cart"),
            Rees46Rows.Row(s_t0.AddMinutes(20), "purchase", price: "99.90"),
            Rees46Rows.Row(s_t0.AddHours(2), product: 300)));

        Assert.Equal(2, run.Sessions.Count);
        var first = run.Sessions[0];
        Assert.Equal(s_t0, first.SessionStart);
        Assert.Equal(s_t0.AddMinutes(20), first.SessionEnd);
        Assert.Equal((3, 1, 1, 1, 99.90m, true), (first.Events, first.Views, first.Carts, first.Purchases, first.Revenue, first.Converted));
        Assert.False(run.Sessions[1].Converted);
        Assert.Equal(1, run.Summary.SessionsWithPurchase);
    }

    [Fact]
    public void Out_of_order_event_bridging_two_sessions_merges_them()
    {
        var options = TestPipeline.Options() with { AllowedDisorder = TimeSpan.FromMinutes(30) };
        string sorted = Rees46Rows.Csv(
            Rees46Rows.Row(s_t0), Rees46Rows.Row(s_t0.AddMinutes(25), product: 3), Rees46Rows.Row(s_t0.AddMinutes(50), product: 2));
        string bridgeLast = Rees46Rows.Csv(
            Rees46Rows.Row(s_t0), Rees46Rows.Row(s_t0.AddMinutes(50), product: 2), Rees46Rows.Row(s_t0.AddMinutes(25), product: 3));

        var expected = TestPipeline.Run(sorted, options: options);
        var run = TestPipeline.Run(bridgeLast, options: options);

        Assert.Equal(0, run.Summary.LateEvents);
        var session = Assert.Single(run.Sessions);
        Assert.Equal((s_t0, s_t0.AddMinutes(50), 3), (session.SessionStart, session.SessionEnd, session.Events));
        Assert.Equal(expected.Sessions, run.Sessions);
        Assert.Equal(expected.Profiles, run.Profiles);
    }

    [Fact]
    public void Without_the_bridging_event_the_two_sessions_stay_apart()
    {
        var run = TestPipeline.Run(Rees46Rows.Csv(Rees46Rows.Row(s_t0), Rees46Rows.Row(s_t0.AddMinutes(50), product: 2)));

        Assert.Equal(2, run.Summary.Sessions);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Events_shuffled_within_the_allowed_disorder_give_the_same_results_as_sorted_input(int partitions)
    {
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        var rng = new Random(20191001);
        // Each event arrives up to 4 minutes after its event time (less than the 5-minute allowed disorder).
        var shuffled = lines.Skip(1)
            .Select((line, i) => (line, i, arrival: ParseTime(line).AddSeconds(rng.Next(0, 240))))
            .OrderBy(x => x.arrival).ThenBy(x => x.i)
            .Select(x => x.line)
            .ToList();
        Assert.NotEqual(lines.Skip(1), shuffled);

        var sorted = TestPipeline.Run(InputFiles.Resolve(RepoPaths.Rees46Sample), InputFormat.Rees46, TestPipeline.Options(partitions));
        var run = TestPipeline.Run(Rees46Rows.Csv(shuffled), options: TestPipeline.Options(partitions));

        Assert.Equal(0, run.Summary.LateEvents);
        Assert.Equal(TestPipeline.SummaryBytesOf(sorted.Summary), TestPipeline.SummaryBytesOf(run.Summary));
        Assert.Equal(sorted.Sessions, run.Sessions);
        Assert.Equal(sorted.Result.Profiles, run.Profiles);
        GoldenSummary.AssertMatches(TestPipeline.SummaryJsonOf(run.Summary));
    }

    private static DateTime ParseTime(string line) =>
        DateTime.ParseExact(line[..line.IndexOf(',')], "yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
