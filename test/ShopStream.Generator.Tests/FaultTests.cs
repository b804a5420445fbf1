using ShopStream.Core.Ingest;

namespace ShopStream.Generator.Tests;

/// <summary>
/// Injected faults are exactly what ShopStream's pipeline finds: rejected = malformed (reason by reason),
/// duplicates_dropped = duplicates, late_events = late.
/// </summary>
public sealed class FaultTests
{
    private static readonly FaultRates s_faults = new() { Duplicates = 0.01, Late = 0.01, Disorder = 0.05, Malformed = 0.004 };

    [Theory]
    [InlineData(OutputFormat.Rees46, 60_000, 1)]
    [InlineData(OutputFormat.Rees46, 60_000, 3)]
    [InlineData(OutputFormat.JsonLines, 40_000, 2)]
    [InlineData(OutputFormat.Orders, 12_000, 1)]
    public void The_pipeline_finds_exactly_the_injected_faults(OutputFormat format, int records, int partitions)
    {
        var (bytes, stats) = Generate.Run(Generate.Options(records, format) with { Faults = s_faults });

        var (summary, rejects) = Generate.Pipeline(bytes, Generate.FormatOf(format), partitions);

        Assert.Equal(records, summary.EventsRead);
        Assert.Equal(stats.Malformed, summary.EventsRejected);
        foreach (var how in Enum.GetValues<Malformation>())
            Assert.Equal(stats.MalformedOf(how), rejects.ByReason.GetValueOrDefault(GeneratorNames.Name(how)));
        Assert.Equal(stats.Duplicates, summary.DuplicatesDropped);
        Assert.Equal(stats.Late, summary.LateEvents);
        Assert.Equal(stats.Events, summary.EventsAccepted - summary.DuplicatesDropped);

        // The rates are as asked (within sampling error).
        Assert.InRange(stats.Malformed, records * 0.004 * 0.5, records * 0.004 * 1.5);
        Assert.InRange(stats.Duplicates, records * 0.01 * 0.7, records * 0.01 * 1.3);
        Assert.InRange(stats.Late, records * 0.01 * 0.7, records * 0.01 * 1.3);
        Assert.True(stats.OutOfOrder > records * 0.05 * 0.3, $"{stats.OutOfOrder} out of order");
        Assert.True(Enum.GetValues<Malformation>().Count(m => stats.MalformedOf(m) > 0) >= 4, "several rejection reasons");
    }

    [Theory]
    [InlineData(1.0, 1000)]
    [InlineData(0.01, 4000)]
    public void Sparse_traffic_over_a_long_time_has_no_late_events_unless_asked(double sessionsPerHour, int days)
    {
        var options = new GeneratorOptions { Duration = TimeSpan.FromDays(days), SessionsPerHour = sessionsPerHour, Products = 5_000 };

        var (bytes, stats) = Generate.Run(options);
        var (summary, _) = Generate.Pipeline(bytes, InputFormat.Rees46);

        // A return visit whose minute the clock had already passed waited 45 days for its bucket: 135 late events
        // at 1 session an hour over 1,000 days, none of them asked for.
        Assert.True(stats.Events > 0);
        Assert.Equal(0, stats.Late);
        Assert.Equal(0, summary.LateEvents);
    }

    [Fact]
    public void Out_of_order_records_stay_within_the_allowed_disorder()
    {
        var options = Generate.Options(40_000) with { Faults = new FaultRates { Disorder = 0.2 } };

        var (bytes, stats) = Generate.Run(options);
        var (summary, _) = Generate.Pipeline(bytes, InputFormat.Rees46);

        Assert.True(stats.OutOfOrder > 4_000, $"{stats.OutOfOrder} out of order");
        Assert.Equal(0, stats.Late);
        Assert.Equal(0, summary.LateEvents);
        Assert.Equal(0, summary.DuplicatesDropped);
    }

    [Fact]
    public void Late_records_are_late_for_a_stricter_consumer_too()
    {
        var options = Generate.Options(30_000, OutputFormat.JsonLines) with
        {
            AllowedDisorder = TimeSpan.FromSeconds(30),
            Faults = new FaultRates { Late = 0.02, Disorder = 0.02, Duplicates = 0.02 },
        };

        var (bytes, stats) = Generate.Run(options);
        var rejects = new RejectCounter();
        var pipeline = new Core.Processing.PipelineOptions { Partitions = 1, ParseThreads = 1, AllowedDisorder = TimeSpan.FromSeconds(30) };
        var reader = new EventReader([InputFile.FromStream("generated", new MemoryStream(bytes))], InputFormat.JsonLines, rejects);
        var summary = Core.Processing.StreamPipeline.Run(reader, pipeline).Summary;

        Assert.True(stats.Late > 400);
        Assert.Equal(stats.Late, summary.LateEvents);
        Assert.Equal(stats.Duplicates, summary.DuplicatesDropped);
    }
}
