using ShopStream.Core.Ingest;
using ShopStream.Core.Processing.Windows;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Windows;

/// <summary>Window state stays bounded, and window metrics agree with a recomputation and across partitionings.</summary>
public sealed class WindowStateTests
{
    [Fact]
    public void Window_state_is_bounded_by_size_and_lateness_not_by_the_stream()
    {
        var hours = new WindowAggregator(TumblingWindow.Of(TimeSpan.FromHours(1)), LatePolicy.Drop(TimeSpan.FromHours(2)));
        var rolling = new WindowAggregator(HoppingWindow.Of(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)), LatePolicy.Drop(TimeSpan.FromHours(2)));
        var t0 = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        int maxHours = 0, maxRolling = 0;
        for (int i = 0; i < 600_000; i++)
        {
            var t = t0.AddSeconds(i); // a week of one event a second
            var e = Events.At(t, user: i % 5000);
            hours.Add(e);
            rolling.Add(e);
            if (i % 1000 == 0)
            {
                hours.Advance(t.Ticks);
                rolling.Advance(t.Ticks);
                maxHours = Math.Max(maxHours, hours.OpenPanes);
                maxRolling = Math.Max(maxRolling, rolling.OpenPanes);
            }
        }

        Assert.InRange(maxHours, 1, 4);      // the current hour and two hours of lateness (plus one in flight)
        Assert.InRange(maxRolling, 1, 12 + 24 + 2);
        Assert.True(hours.Finals.Count > 150);
    }

    [Fact]
    public void Hourly_metrics_of_the_sample_equal_a_linq_recomputation()
    {
        var rows = File.ReadAllLines(RepoPaths.Rees46Sample).Skip(1).Distinct().Select(l => l.Split(',')).ToList();
        var expected = rows
            .GroupBy(r => DateTime.ParseExact(r[0][..13], "yyyy-MM-dd HH", null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, (long)g.Count(), (long)g.Count(r => r[1] == "view"), (long)g.Count(r => r[1] == "cart"),
                (long)g.Count(r => r[1] == "purchase"), g.Where(r => r[1] == "purchase").Sum(r => decimal.Parse(r[6], System.Globalization.CultureInfo.InvariantCulture)),
                (long)g.Select(r => r[7]).Distinct().Count()))
            .ToList();

        var run = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46, TestPipeline.Options(3));
        var hours = run.Result.HourlyMetrics.Select(h => (h.WindowStart, h.Events, h.Views, h.Carts, h.Purchases, h.Revenue, h.Users)).ToList();

        Assert.Equal(expected, hours);
        Assert.Equal(run.Summary.EventsAccepted - run.Summary.DuplicatesDropped, run.Result.MinuteMetrics.Sum(m => m.Events));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 2)]
    [InlineData(7, 3)]
    public void Window_metrics_do_not_depend_on_partitions_or_threads(int partitions, int parseThreads)
    {
        var reference = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46, TestPipeline.Options(2, 1));
        var run = TestPipeline.Run([InputFile.FromPath(RepoPaths.Rees46Sample)], InputFormat.Rees46, TestPipeline.Options(partitions, parseThreads));

        Assert.Equal(reference.Result.MinuteMetrics, run.Result.MinuteMetrics);
        Assert.Equal(reference.Result.HourlyMetrics, run.Result.HourlyMetrics);
        Assert.Equal(reference.Result.RollingMetrics, run.Result.RollingMetrics);
    }
}
