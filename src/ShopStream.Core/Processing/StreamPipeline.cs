using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Serving;

namespace ShopStream.Core.Processing;

/// <summary>
/// The embedded streaming engine: the reader thread parses and validates in arrival order and routes events
/// by user to partitions, each processed on its own thread; results are gathered when the input ends.
/// </summary>
public static class StreamPipeline
{
    public static RunResult Run(EventReader reader, PipelineOptions options, CancellationToken cancellationToken = default) =>
        Run(reader, options, checkpoints: null, cancellationToken);

    /// <param name="checkpoints">When given, the run starts from its restored checkpoint (if any) and writes
    /// checkpoints as it goes; the reader must then have been opened at the restored checkpoint's position.</param>
    public static RunResult Run(EventReader reader, PipelineOptions options, StreamCheckpointer? checkpoints, CancellationToken cancellationToken = default) =>
        Run(reader, options, checkpoints, observe: null, cancellationToken);

    /// <param name="observe">Called on the reader's thread with every batch of accepted events as read, before the
    /// pipeline routes it (the data lake's bronze and silver tables are written from here); the batch is reused afterwards.</param>
    public static RunResult Run(EventReader reader, PipelineOptions options, StreamCheckpointer? checkpoints, Action<EventBatch>? observe, CancellationToken cancellationToken = default) =>
        Run(reader, options, checkpoints, observe, live: null, cancellationToken);

    /// <param name="live">When given, the partitions' state is published to it as they process (for serving it live);
    /// it is marked finished once every partition has finished.</param>
    public static RunResult Run(
        EventReader reader, PipelineOptions options, StreamCheckpointer? checkpoints, Action<EventBatch>? observe, LivePipeline? live, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var partitions = new PartitionProcessor[options.Partitions];
        for (int p = 0; p < partitions.Length; p++)
            partitions[p] = new PartitionProcessor(options, p);

        long lateDropped;
        List<Alert> priceAlerts;
        using (var router = new PartitionRouter(partitions, options, reader.Rejects, live))
        {
            Action<EventBatch> route = observe is null ? router.Route : batch =>
            {
                observe(batch);
                router.Route(batch);
            };
            checkpoints?.Restore(reader.Counters, router, partitions);
            if (live is not null)
            {
                live.Start(options, partitions, reader.Counters, () => router.LateDropped); // after the restore: queries see whole state
                reader.HandOnWhenStalled = true; // a paused input is applied in full, not held in half-full batches
            }
            if (checkpoints is null)
            {
                reader.ReadAll(route, cancellationToken);
            }
            else
            {
                reader.ReadAll(
                    batch =>
                    {
                        route(batch);
                        checkpoints.AfterBatch(batch, reader.Counters, router, partitions);
                    },
                    cancellationToken);
            }

            router.Complete();
            live?.Finish();
            lateDropped = router.LateDropped;
            priceAlerts = router.PriceAlerts;
        }

        return RunResult.From(reader.Counters, partitions, options, lateDropped, priceAlerts);
    }
}
