using System.Diagnostics.Metrics;
using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Processing;

namespace ShopStream.Core.Serving;

/// <summary>
/// What a running pipeline (<c>run</c>, or a <c>process</c> instance) shares with the API served beside it: the
/// partitions it owns, whose state <see cref="LiveServingStore"/> reads between batches (each partition's gate is held
/// by its worker while it applies a batch, so a query waits at most one batch, or times out on a stalled pipeline),
/// its progress (events processed and their rate, Kafka lag) and its checkpoints. The pipeline reports once per
/// batch, never per event. Instruments (<see cref="UseMeters"/>) are on the <see cref="MeterName"/> meter.
/// </summary>
public sealed class LivePipeline
{
    public const string MeterName = "ShopStream.Pipeline";

    private readonly TimeProvider _time;
    private readonly EventRate _rate;
    private readonly Lock _ownership = new();
    private Counter<long>? _processedCounter;
    // Replaced whole when ownership changes (Kafka rebalances), so readers need no lock.
    private volatile PartitionProcessor?[] _owned = [];
    private volatile PipelineSources? _sources;
    private volatile IReadOnlyList<PartitionLag>? _lag;
    private long _processed;

    /// <param name="mode">What runs, for status answers: <c>run</c> or <c>process</c>.</param>
    /// <param name="queryTimeout">How long a query waits for a partition's worker to finish its batch before giving up (503).</param>
    public LivePipeline(string mode, TimeSpan queryTimeout, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(queryTimeout, TimeSpan.Zero);
        Mode = mode;
        QueryTimeout = queryTimeout;
        _time = time ?? TimeProvider.System;
        _rate = new EventRate(_time);
    }

    public string Mode { get; }

    public TimeSpan QueryTimeout { get; }

    /// <summary>Checkpoint timing, once <see cref="UseMeters"/> has been called.</summary>
    public CheckpointMetrics? Checkpoints { get; private set; }

    /// <summary>True once the pipeline has started and its partitions' state can be read.</summary>
    public bool Started => _sources is not null;

    /// <summary>When the pipeline started; null before.</summary>
    public DateTime? StartedAt { get; private set; }

    /// <summary>True once the pipeline has processed all its input (its state is final).</summary>
    public bool Finished { get; private set; }

    /// <summary>All the stream's partitions (those of the log for <c>process</c>); 0 before the start.</summary>
    public int Partitions => _owned.Length;

    /// <summary>The partitions this process owns now, in order.</summary>
    public IReadOnlyList<int> OwnedPartitions
    {
        get
        {
            var owned = _owned;
            return [.. Enumerable.Range(0, owned.Length).Where(p => owned[p] is not null)];
        }
    }

    /// <summary>Events applied to the partitions' state by this process.</summary>
    public long EventsProcessed => Interlocked.Read(ref _processed);

    /// <summary>Events processed per second over the last 10 seconds.</summary>
    public double EventsPerSecond => _rate.PerSecond;

    /// <summary>Per owned partition, records in the source after the next one to process; null when the source has no lag (a file, stdin, the embedded log read to its end).</summary>
    public IReadOnlyList<PartitionLag>? Lag => _lag;

    internal PipelineSources? Sources => _sources;

    /// <summary>
    /// Creates the instruments on <paramref name="meters"/> (the serving host's, so its <c>/metrics</c> exports them):
    /// checkpoint timing (<see cref="CheckpointMetrics"/>), events processed, their rate, and the lag per partition.
    /// Call before the pipeline starts.
    /// </summary>
    public void UseMeters(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Checkpoints = new CheckpointMetrics(meters, _time);
        var meter = meters.Create(MeterName);
        _processedCounter = meter.CreateCounter<long>("shopstream.pipeline.events.processed", "{event}", "Events this process applied to its partitions' state");
        meter.CreateObservableGauge("shopstream.pipeline.events.per_second", () => _rate.PerSecond, "{event}/s", "Events this process applied per second, over the last 10 seconds");
        meter.CreateObservableGauge("shopstream.pipeline.lag", () => (_lag ?? []).Select(l =>
            new Measurement<long>(l.Lag, new KeyValuePair<string, object?>("partition", l.Partition))), "{event}", "Records in the source (Kafka) after the next one to process, by partition");
        meter.CreateObservableGauge("shopstream.pipeline.partitions.owned", () => OwnedPartitions.Count, "{partition}", "Partitions this process owns");
    }

    /// <summary>The run's pipeline started over <paramref name="partitions"/>, all owned here.</summary>
    internal void Start(PipelineOptions options, PartitionProcessor[] partitions, ReadCounters counters, Func<long> lateDropped)
    {
        Start(options, partitions.Length, () => counters, lateDropped);
        lock (_ownership)
            _owned = [.. partitions];
    }

    /// <summary>
    /// A log's processing started: <paramref name="partitions"/> in all, none owned yet (<see cref="Own"/> each as it is
    /// assigned). <paramref name="counters"/> gives the ingest's counts of records read and rejected.
    /// </summary>
    public void Start(PipelineOptions options, int partitions, Func<ReadCounters> counters, Func<long> lateDropped)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_ownership)
        {
            if (_owned.Length != partitions)
                _owned = new PartitionProcessor?[partitions];
        }

        StartedAt ??= _time.GetUtcNow().UtcDateTime;
        _sources = new PipelineSources(options, counters, lateDropped);
    }

    /// <summary>
    /// Whether the process waits for partitions from its group (set while it joins, or once a revocation begins a
    /// rebalance; cleared when it has its share): a partition it does not own may then be nobody's yet. False for an
    /// embedded log, and for an instance whose assignment gave it none (more instances than partitions).
    /// </summary>
    public bool Assigning { get; set; }

    /// <summary>This process now owns <paramref name="host"/>'s partition (an assignment, or every partition of an embedded log).</summary>
    public void Own(PartitionHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        lock (_ownership)
        {
            var owned = (PartitionProcessor?[])_owned.Clone();
            owned[host.Partition] = host.Processor;
            _owned = owned;
        }
    }

    /// <summary>The partition went to another instance (a rebalance): its users are no longer answered here.</summary>
    public void Release(int partition)
    {
        lock (_ownership)
        {
            var owned = (PartitionProcessor?[])_owned.Clone();
            owned[partition] = null;
            _owned = owned;
        }
    }

    /// <summary>A worker applied <paramref name="events"/> events (once per batch).</summary>
    public void Processed(int events)
    {
        if (events == 0)
            return;
        Interlocked.Add(ref _processed, events);
        _rate.Add(events);
        _processedCounter?.Add(events);
    }

    /// <summary>The latest lag of the owned partitions (measured by the pipeline, at most about once a second).</summary>
    public void ReportLag(IReadOnlyList<PartitionLag> lag) => _lag = lag;

    /// <summary>All input is processed: the state is final (the results are being written).</summary>
    public void Finish() => Finished = true;

    /// <summary>
    /// Runs <paramref name="read"/> on the partition's state while holding its gate, waiting at most until
    /// <paramref name="deadline"/>; <see cref="LiveStateUnavailableException"/> when the worker holds it longer.
    /// </summary>
    internal T Read<T>(PartitionProcessor partition, int index, long deadline, Func<PartitionProcessor, T> read)
    {
        var left = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
        if (!partition.Gate.TryEnter(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            throw new LiveStateUnavailableException($"partition {index} did not finish its batch within {QueryTimeout.TotalSeconds:0.###} s: the pipeline is stalled or overloaded, try again");
        try
        {
            return read(partition);
        }
        finally
        {
            partition.Gate.Exit();
        }
    }

    /// <summary>The deadline of a query starting now (a timestamp of this pipeline's clock).</summary>
    internal long Deadline() => _time.GetTimestamp() + (long)(QueryTimeout.TotalSeconds * _time.TimestampFrequency);

    internal PartitionProcessor?[] Owned => _owned;

    /// <summary>Where the summary's counts come from, fixed once the pipeline starts.</summary>
    internal sealed record PipelineSources(PipelineOptions Options, Func<ReadCounters> Counters, Func<long> LateDropped);
}
