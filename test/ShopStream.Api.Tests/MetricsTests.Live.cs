using System.Globalization;
using System.Text.Json;
using ShopStream.Core.Ingest;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Serving;
using ShopStream.Tests;

namespace ShopStream.Api.Tests;

public sealed partial class MetricsTests
{
    [Fact]
    public async Task A_live_pipeline_exports_events_processed_lag_and_checkpoint_duration_count_and_age()
    {
        using var temp = new TempFolder();
        var options = new PipelineOptions { Partitions = 2 };
        var live = new LivePipeline("process", TimeSpan.FromSeconds(1));
        using var factory = new ApiFactory(writeRun: false, live: live);
        using var client = factory.CreateClient();
        using var host = new PartitionHost(1, options, new RunDirectory(temp.Path), "test-run");
        live.Start(options, 2, () => new ReadCounters(), () => 0);
        live.Own(host);
        live.Processed(1200);
        live.Processed(34);
        live.ReportLag([new PartitionLag(1, 17)]);
        var before = DateTime.UtcNow;
        live.Checkpoints!.Record(TimeSpan.FromMilliseconds(30));
        live.Checkpoints.Record(TimeSpan.FromMilliseconds(50));

        var s = Samples(await client.GetStringAsync("/metrics"));
        Assert.Equal(1234, s["shopstream_pipeline_events_processed_total"]);
        Assert.Equal(17, s["shopstream_pipeline_lag{partition=\"1\"}"]);
        Assert.Equal(1, s["shopstream_pipeline_partitions_owned"]);
        Assert.Equal(2, s["shopstream_checkpoints_written_total"]);
        Assert.Equal(2, s["shopstream_checkpoint_duration_seconds_count"]);
        Assert.Equal(0.08, s["shopstream_checkpoint_duration_seconds_sum"], 9);
        Assert.Equal(0, s["shopstream_checkpoint_duration_seconds_bucket{le=\"0.025\"}"]); // 30 and 50 ms: both in (25 ms, 50 ms]
        Assert.Equal(2, s["shopstream_checkpoint_duration_seconds_bucket{le=\"0.05\"}"]);
        Assert.Equal(2, s["shopstream_checkpoint_duration_seconds_bucket{le=\"+Inf\"}"]);
        Assert.InRange(s["shopstream_checkpoint_age_seconds"], 0, (DateTime.UtcNow - before).TotalSeconds + 1);
        Assert.InRange(s["shopstream_pipeline_events_per_second"], 0, 1234);

        var pipeline = JsonDocument.Parse(await client.GetStringAsync("/api/pipeline")).RootElement.GetProperty("live");
        Assert.Equal(1234, pipeline.GetProperty("events_processed").GetInt64());
        Assert.Equal(17, pipeline.GetProperty("lag").GetInt64());
        Assert.Equal(17, pipeline.GetProperty("lag_by_partition").GetProperty("1").GetInt64());
        var checkpoints = pipeline.GetProperty("checkpoints");
        Assert.Equal(2, checkpoints.GetProperty("written").GetInt64());
        Assert.Equal(0.05, checkpoints.GetProperty("last_duration_seconds").GetDouble());
        var lastAt = DateTime.Parse(checkpoints.GetProperty("last_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.InRange(lastAt, before.AddSeconds(-1), DateTime.UtcNow);
    }
}
