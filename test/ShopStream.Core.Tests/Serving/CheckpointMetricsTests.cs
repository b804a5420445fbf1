using System.Diagnostics.Metrics;
using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing;
using ShopStream.Core.Tests.Checkpoints;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Serving;

/// <summary>Checkpoints are timed into <see cref="CheckpointMetrics"/>: one duration per checkpoint written, and the age of the last.</summary>
public sealed class CheckpointMetricsTests
{
    [Fact]
    public void Each_checkpoint_written_records_its_duration_and_the_age_starts_from_the_last()
    {
        using var temp = new TempFolder();
        using var meters = new TestMeters();
        var durations = new List<double>();
        var ages = new List<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            (instrument.Name == "shopstream.checkpoint.duration" ? durations : instrument.Name == "shopstream.checkpoint.age" ? ages : []).Add(value));
        listener.Start();
        var metrics = new CheckpointMetrics(meters, TimeProvider.System);
        listener.RecordObservableInstruments();
        Assert.Empty(ages); // no checkpoint yet: no age

        var started = DateTime.UtcNow;
        var options = new PipelineOptions { Partitions = 2, BatchSize = 500 };
        var checkpoints = CheckpointedRun.Run(RepoPaths.Rees46Sample, temp.Path, options, CheckpointPolicy.EveryNEvents(1000), metrics: metrics);

        Assert.True(checkpoints.Written >= 4, $"expected a checkpoint every 1,000 of 5,000 events, got {checkpoints.Written}");
        Assert.Equal(checkpoints.Written, metrics.Written);
        Assert.Equal(checkpoints.Written, durations.Count);
        Assert.All(durations, d => Assert.InRange(d, 1e-7, 60));
        Assert.InRange(durations.Sum(), 0, checkpoints.Paused.TotalSeconds + 1e-9);
        var last = Assert.NotNull(metrics.Last);
        Assert.InRange(last.At, started, DateTime.UtcNow);
        Assert.Equal(durations[^1], last.Duration.TotalSeconds, 9);
        listener.RecordObservableInstruments();
        Assert.InRange(Assert.Single(ages), 0, (DateTime.UtcNow - last.At).TotalSeconds + 1);
    }
}
