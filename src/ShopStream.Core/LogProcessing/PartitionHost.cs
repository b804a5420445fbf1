using ShopStream.Core.Checkpoints;
using ShopStream.Core.Events;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Validation;

namespace ShopStream.Core.LogProcessing;

/// <summary>
/// One partition of a partitioned log (embedded or Kafka) being processed: its operator state, restored from the
/// partition's newest checkpoint in <c>OUT/checkpoint/pN/</c> when there is one, the offset it has got to, and its
/// dead letters (<c>OUT/rejected/late-pN.jsonl</c>, events beyond the windows' lateness, as canonical JSON). Events
/// come with the stream's max event time at ingest (<see cref="Log.LoggedEvent"/>), so watermarks and lateness are
/// decided exactly as in <c>run</c>. Partitions checkpoint independently, so one can move to another processor
/// instance with its state. Used by one thread at a time.
/// </summary>
public sealed class PartitionHost : IDisposable
{
    private readonly PipelineOptions _options;
    private readonly CheckpointStore _store;
    private readonly PartitionClaim? _claim;
    private readonly string _runKey;
    private readonly DeadLetterWriter _deadLetters;
    private readonly string _source;
    private readonly ShopEvent[] _one = new ShopEvent[1];
    private readonly long[] _oneWatermark = new long[1];
    private readonly long[] _refused = new long[RejectReasons.ArrayLength];
    private long _sequence;

    /// <param name="runKey">What is being processed (<see cref="RunKey.OfLog"/>): a checkpoint of anything else is refused.</param>
    /// <param name="checkpointed">
    /// Whether this host will write checkpoints: it then claims the partition's folder first (<see cref="PartitionClaim"/>),
    /// so an earlier owner that still believes it owns the partition can no longer take the newest place.
    /// </param>
    /// <param name="startOver">What to do to start over, as a refused checkpoint says it.</param>
    public PartitionHost(int partition, PipelineOptions options, RunDirectory output, string runKey, bool checkpointed = true, string startOver = CheckpointStore.DefaultStartOver)
    {
        Partition = partition;
        _options = options;
        _runKey = runKey;
        _source = $"log partition {partition}";
        string folder = FolderOf(output, partition);
        _claim = checkpointed ? PartitionClaim.Take(folder) : null;
        _store = new CheckpointStore(folder, epoch: _claim?.Epoch ?? 0) { StartOver = startOver };
        var restored = _store.LoadLatest(runKey, PartitionCheckpoint.Decode, c => c.RunKey);
        if (restored is not null && restored.Partition != partition)
            throw new CheckpointException($"{_store.Folder} holds a checkpoint of partition {restored.Partition}");
        Processor = new PartitionProcessor(options, partition);
        if (restored is not null)
        {
            restored.State.Load(Processor.Restore);
            ResumeOffset = NextOffset = restored.Offset;
            LateDropped = restored.LateDropped;
            restored.RefusedByReason.CopyTo(_refused, 0);
            _sequence = restored.Sequence;
        }

        // What was written after the checkpoint is written again as the partition replays.
        _deadLetters = DeadLetterWriter.OpenResumed(Path.Combine(output.RejectedFolder, $"late-p{partition}.jsonl"), restored?.DeadLetterBytes ?? 0);
    }

    public int Partition { get; }

    /// <summary>What was wrong with a newer checkpoint that the restore passed over for an older one; null when none was.</summary>
    public string? PassedOverCheckpoint => _store.PassedOver;

    /// <summary>The offset the restored checkpoint covers up to (where reading resumes), or null without one.</summary>
    public long? ResumeOffset { get; }

    /// <summary>The next offset to read: everything before it has been processed.</summary>
    public long NextOffset { get; private set; }

    /// <summary>Events processed since this host was made (not those its checkpoint covered).</summary>
    public long Processed { get; private set; }

    public long LateDropped { get; private set; }

    internal PartitionProcessor Processor { get; }

    /// <summary>
    /// Held while events are applied (once per batch: the caller of <see cref="Process(in ShopEvent, long, long)"/>
    /// holds it around a whole poll), so a live query reads the state between batches.
    /// </summary>
    public Lock Gate => Processor.Gate;

    /// <summary>Where each checkpoint's duration is recorded (for <c>/metrics</c>), if anywhere.</summary>
    public CheckpointMetrics? Metrics { get; set; }

    /// <summary>Processes events read in offset order; <paramref name="watermarks"/> is filled with each one's watermark.</summary>
    public void Process(ReadOnlySpan<ShopEvent> events, ReadOnlySpan<long> streamMaxTicks, ReadOnlySpan<long> offsets, Span<long> watermarks)
    {
        long disorder = _options.AllowedDisorder.Ticks;
        for (int i = 0; i < events.Length; i++)
        {
            watermarks[i] = streamMaxTicks[i] - disorder;
            if (_options.Late.IsTooLate(events[i].EventTimeTicks, watermarks[i]))
            {
                LateDropped++;
                var raw = EventJson.ToUtf8(events[i]);
                _deadLetters.Reject(_source, offsets[i], RejectReason.Late, raw, raw.Length);
            }
        }

        Processor.Process(events, watermarks[..events.Length]);
        Processed += events.Length;
        if (offsets.Length > 0)
            NextOffset = Math.Max(NextOffset, offsets[^1] + 1);
    }

    /// <summary>Processes one event (for readers that hand them over one by one).</summary>
    public void Process(in ShopEvent e, long streamMaxTicks, long offset)
    {
        _one[0] = e;
        Process(_one, [streamMaxTicks], [offset], _oneWatermark);
    }

    /// <summary>Records that everything before <paramref name="offset"/> is done (records that were not events, skipped by the reader).</summary>
    public void AdvanceTo(long offset) => NextOffset = Math.Max(NextOffset, offset);

    /// <summary>
    /// Counts a record the reader refused as not an event (another producer's, dead-lettered), so the results count
    /// it as rejected rather than accepted; <see cref="AdvanceTo"/> moves past it.
    /// </summary>
    public void Refused(RejectReason reason) => _refused[(int)reason]++;

    /// <summary>Records refused since the partition's start (its checkpoint's count included), indexed by <see cref="RejectReason"/>.</summary>
    public ReadOnlySpan<long> RefusedByReason => _refused;

    /// <summary>Records the log had deleted (<see cref="SkipGone"/>) where this host was to go on: never processed, not in the results.</summary>
    public long Gone { get; private set; }

    /// <summary>
    /// Goes on from where the log now starts when that is past <see cref="NextOffset"/> (0 for a new state): the
    /// records between were deleted (Kafka's retention, or the embedded log's) before this state read them. Without
    /// this a Kafka consumer skips them silently (its offset reset), while the summary's read and accepted counts,
    /// which are the ingest's, still claim them. Returns the line that names them, or null when none are gone.
    /// </summary>
    public string? SkipGone(long logStart)
    {
        long from = NextOffset;
        if (logStart <= from)
            return null;
        long gone = logStart - from;
        Gone += gone;
        NextOffset = logStart;
        string when = ResumeOffset is null ? "before this state's first read" : "after its checkpoint, before they were processed";
        return $"partition {Partition}: {gone:N0} records (offsets {from} to {logStart - 1}) were deleted from the log (retention) {when}: "
            + "they are not in the results, though the summary's read and accepted counts (the ingest's) include them";
    }

    /// <summary>
    /// Refuses to go on when the log ends before <see cref="NextOffset"/>: the checkpoint covers records the log no
    /// longer has (a topic made again, an embedded log that lost its unsynced tail), so its state is not this log's.
    /// </summary>
    /// <exception cref="CheckpointException">The log is shorter than the checkpoint.</exception>
    public void RequireWithin(long logEnd)
    {
        if (NextOffset > logEnd)
            throw new CheckpointException($"the checkpoint of log partition {Partition} covers records up to offset {NextOffset}, but the log ends at {logEnd}: "
                + $"it is not this log's state; {_store.StartOver}");
    }

    /// <summary>Makes the state as of <see cref="NextOffset"/> durable: dead letters fsynced, then one checkpoint file written atomically.</summary>
    /// <exception cref="PartitionTakenOverException">A later owner has claimed the partition: nothing was written.</exception>
    public void Checkpoint()
    {
        if (_claim is { Superseded: true })
            throw new PartitionTakenOverException(Partition, _claim.Folder);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        long deadLetterBytes = _deadLetters.FlushToDisk();
        using var state = SpooledState.Of(_store.Folder, Processor.Save);
        _store.Save(++_sequence, new PartitionCheckpoint
        {
            Sequence = _sequence,
            RunKey = _runKey,
            Partition = Partition,
            Offset = NextOffset,
            LateDropped = LateDropped,
            DeadLetterBytes = deadLetterBytes,
            RefusedByReason = (long[])_refused.Clone(),
            SpooledState = state,
        }.Encode);
        Metrics?.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    public void Dispose() => _deadLetters.Dispose();

    /// <summary>
    /// Lets the partition go without writing anything more (a partition lost to another instance, which may have cut
    /// its late-events file back to its own checkpoint already): the late events not yet written are dropped, not
    /// written at this host's position in that file.
    /// </summary>
    public void Abandon() => _deadLetters.Abandon();

    /// <summary>
    /// The partition's state as of its newest checkpoint, finished (every open session and window closed), without
    /// touching its files: for merging the results of partitions that other instances process. Null without one.
    /// </summary>
    internal static (PartitionProcessor Processor, long LateDropped, long[] RefusedByReason)? LoadFinished(int partition, PipelineOptions options, RunDirectory output, string runKey, string startOver)
    {
        var checkpoint = StoreOf(output, partition, startOver).LoadLatest(runKey, PartitionCheckpoint.Decode, c => c.RunKey);
        if (checkpoint is null)
            return null;
        var processor = new PartitionProcessor(options, partition);
        checkpoint.State.Load(processor.Restore);
        processor.Finish();
        return (processor, checkpoint.LateDropped, checkpoint.RefusedByReason);
    }

    /// <summary>
    /// The offset the partition's newest checkpoint covers up to, read from its head alone; null without one. Damage
    /// past the head is not noticed here: restoring then falls back to the checkpoint before it.
    /// </summary>
    /// <exception cref="CheckpointException">The newest is another run's (another instance's options), which restoring would refuse.</exception>
    internal static long? CheckpointedOffset(int partition, RunDirectory output, string runKey, string startOver)
    {
        var store = StoreOf(output, partition, startOver);
        if (store.Newest(PartitionCheckpoint.PeekPosition, out _) is not { } newest)
            return null;
        return newest.Value.RunKey == runKey ? newest.Value.Offset : throw store.OtherRun(newest.Path, newest.Value.RunKey, runKey);
    }

    private static CheckpointStore StoreOf(RunDirectory output, int partition, string startOver) => new(FolderOf(output, partition)) { StartOver = startOver };

    private static string FolderOf(RunDirectory output, int partition) => Path.Combine(output.CheckpointFolder, $"p{partition}");
}
