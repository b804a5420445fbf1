using ShopStream.Core.Events;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Dedup;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The lake writer thread's loop while the run reads: each queued block's events, in input order, into bronze and
/// silver through <see cref="SilverSpool"/>: an event the run counts to its day's row group, which is bronze's too; a
/// duplicate (which silver leaves out) to a row group for bronze alone. A block is looked up first (fingerprints),
/// then handed on in runs of events with one target, which the row groups take a column at a time
/// (<see cref="EventColumns"/>).
/// </summary>
/// <remarks>
/// Duplicates are the run's (SPEC: equal to an earlier event within the dedup horizon), so silver holds exactly the
/// events the run's numbers count. The run's <see cref="Deduplicator"/> forgets a minute of event time once the
/// stream's watermark (<see cref="StreamWatermark"/>, kept here as <c>PartitionRouter</c> keeps it) is a horizon past
/// it. An event's twin has its time, so within the horizon "seen before" is a lookup in one set of every fingerprint
/// read, which the lake prefetches. (Sets of a minute, as the partitions hold, fault in as much memory at 5M events,
/// and <see cref="SessionStarts"/> then needs its own instead of this set's array: perf, two runs each, the lake's
/// dedup and session index took 908-1,025 samples that way against 706-782 this way.) An event beyond the horizon is
/// never a duplicate, as in a partition (<see cref="Deduplicator.Forgets"/>), and is not looked up.
/// </remarks>
internal sealed class BronzeFeed(BronzeFiles bronze, SilverSpool silver, HandOffQueue<EventBlock> queue, Utf8Strings utf8, LakeRunOptions options)
{
    // Past this many, a hint makes no larger set at once (two gigabytes of slots): a larger run grows it as it reads.
    private const int MaxExpectedEvents = 1 << 26;

    // Events whose fingerprint slots load ahead of their lookup.
    private const int PrefetchAhead = 8;
    private const int DuplicateTarget = -1;

    private readonly FlatSet<UInt128> _fingerprints = new(ExpectedEvents(options.InputBytes));
    private readonly TimeSpan _horizon = options.DedupHorizon;
    private readonly TaskCompletionSource<UInt128[]?> _spare = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StreamWatermark _watermark = new(options.AllowedDisorder);
    private int[] _targets = [];
    private string? _source;
    private Utf8Text? _sourceUtf8;

    /// <summary>Events to size the fingerprint set for, from the input's size (<see cref="LakeRunOptions.InputBytes"/>): 0 when unknown.</summary>
    public static int ExpectedEvents(long? inputBytes) => inputBytes is { } bytes ? (int)Math.Min(bytes / 160, MaxExpectedEvents) : 0;

    /// <summary>
    /// The fingerprint set's array once every block is written (nothing is looked up after the last), for other use
    /// while the last row groups are still encoded; null when the writer stopped before.
    /// </summary>
    public Task<UInt128[]?> SpareMemory => _spare.Task;

    /// <summary>Events written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Events left out of silver: the run's duplicates.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Until the queue is done (then every row is written out) or the run abandoned.</summary>
    public void WriteFiles(CancellationToken abandon)
    {
        try
        {
            foreach (var block in queue.Consume())
            {
                if (abandon.IsCancellationRequested)
                    return;
                Write(block);
                queue.Return(block);
            }

            if (abandon.IsCancellationRequested)
                return;
            _spare.TrySetResult(_fingerprints.Detach());
            silver.Complete();
            bronze.Complete();
        }
        finally
        {
            _spare.TrySetResult(null);
            _fingerprints.Release();
        }
    }

    private void Write(EventBlock block)
    {
        if (!ReferenceEquals(block.Source, _source))
        {
            _source = block.Source;
            _sourceUtf8 = utf8.Of(_source);
        }

        var events = block.Events.AsSpan(0, block.Count);
        var lines = block.Lines.AsSpan(0, block.Count);
        var targets = Targets(events);

        // Runs of events with one target, in input order, so the row groups are the same as one event at a time.
        for (int start = 0; start < events.Length;)
        {
            int target = targets[start];
            int end = start + 1;
            while (end < events.Length && targets[end] == target)
                end++;
            if (target == DuplicateTarget)
                silver.AddDuplicates(events[start..end], lines[start..end], _sourceUtf8!);
            else
                silver.Add(target, events[start..end], lines[start..end], _sourceUtf8!);
            start = end;
        }

        Rows += events.Length;
    }

    // Each event's target: its event date's day number if the run counts it (silver's and bronze's row group), else
    // DuplicateTarget (bronze alone).
    private ReadOnlySpan<int> Targets(ReadOnlySpan<ShopEvent> events)
    {
        if (_targets.Length < events.Length)
            _targets = new int[events.Length];
        for (int i = 0; i < Math.Min(PrefetchAhead, events.Length); i++)
            _fingerprints.Prefetch(events[i].Fingerprint);
        for (int i = 0; i < events.Length; i++)
        {
            // A slot a few events ahead loads while this one is looked up: each is a memory read in a large set.
            if (i + PrefetchAhead < events.Length)
                _fingerprints.Prefetch(events[i + PrefetchAhead].Fingerprint);
            ref readonly var e = ref events[i];
            _watermark.See(e.EventTimeTicks);
            if (Deduplicator.Forgets(e.EventTimeTicks, _watermark.Current, _horizon) || _fingerprints.Add(e.Fingerprint))
            {
                _targets[i] = (int)(e.EventTimeTicks / TimeSpan.TicksPerDay);
            }
            else
            {
                _targets[i] = DuplicateTarget;
                Duplicates++;
            }
        }

        return _targets.AsSpan(0, events.Length);
    }
}
