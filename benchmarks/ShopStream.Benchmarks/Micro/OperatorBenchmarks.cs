using BenchmarkDotNet.Attributes;
using ShopStream.Core.Events;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Dedup;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Benchmarks.Micro;

/// <summary>
/// The per-event operators of a partition in steady state: each invocation replays the sample's 5,000 events
/// shifted 3 hours later than the previous invocation (the sample spans 2.5 h), so dedup buckets and sessions keep
/// opening, closing and being evicted as in a long stream, over the same users. The shift (one add per event) is
/// part of the measured time. The closed-session list (the sessions output, which a run holds until the end, so it
/// grows by doubling) is emptied each invocation: its growth is output, not operator state, and would otherwise
/// show up as rare, large spikes. <c>PartitionProcessor_Process_fresh</c> instead starts a new partition per
/// invocation: every user is new, as at the start of a stream (and, with ~2.2 events per user, for much of one).
/// </summary>
[MemoryDiagnoser]
public class OperatorBenchmarks
{
    private static readonly long s_shift = TimeSpan.FromHours(3).Ticks;
    private ShopEvent[] _events = null!;
    private long[] _watermarks = null!;
    private UserTable _users = null!;
    private int[] _slotOf = null!;
    private Deduplicator _dedup = null!;
    private SessionWindows _sessions = null!;
    private PartitionProcessor _processor = null!;
    private ChunkedList<SessionRecord>? _processorClosed;
    private readonly PipelineOptions _options = new() { Partitions = 1 };

    [GlobalSetup]
    public void Setup()
    {
        _events = SampleData.ParseEvents();
        _watermarks = SampleData.Watermarks(_events);
        _users = new UserTable();
        _slotOf = new int[_events.Length];
        for (int i = 0; i < _events.Length; i++)
            _users.GetOrAdd(_events[i].UserId, out _slotOf[i]);

        _dedup = new Deduplicator(_options.DedupHorizon);
        _sessions = new SessionWindows(_options.SessionGap, _users);
        _processor = new PartitionProcessor(_options);
        _processorClosed = ClosedSessionsOf(_processor);
        if (_processorClosed is null)
            Console.WriteLine("// warning: PartitionProcessor has no SessionWindows field any more; closed-session growth is included");
    }

    // The processor's closed-session list (the run's session output, held until Finish), found by type so a
    // renamed field does not break the benchmark; null if the layout changed (then its growth is measured too).
    private static ChunkedList<SessionRecord>? ClosedSessionsOf(PartitionProcessor processor)
    {
        var field = typeof(PartitionProcessor)
            .GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .FirstOrDefault(f => f.FieldType == typeof(SessionWindows));
        return (field?.GetValue(processor) as SessionWindows)?.Closed;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public int Deduplicator_IsDuplicate()
    {
        Shift();
        int duplicates = 0;
        long last = long.MinValue;
        var events = _events;
        var wms = _watermarks;
        for (int i = 0; i < events.Length; i++)
        {
            if (wms[i] > last)
            {
                last = wms[i];
                _dedup.Advance(last);
            }

            if (_dedup.IsDuplicate(events[i].Fingerprint, events[i].EventTimeTicks, wms[i]))
                duplicates++;
        }

        return duplicates;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public int SessionWindows_Add()
    {
        Shift();
        _sessions.Closed.Clear(); // closed sessions are output; kept for the whole run in the pipeline
        long last = long.MinValue;
        var events = _events;
        var wms = _watermarks;
        for (int i = 0; i < events.Length; i++)
        {
            if (wms[i] > last)
            {
                last = wms[i];
                _sessions.Advance(last);
            }

            int slot = _slotOf[i];
            _sessions.Add(ref _users[slot], slot, events[i]);
        }

        return _sessions.Closed.Count;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public int UserState_Add()
    {
        var events = _events;
        for (int i = 0; i < events.Length; i++)
            _users[_slotOf[i]].Add(events[i]);
        return _users[_slotOf[0]].Counts.Events;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public long PartitionProcessor_Process_steady()
    {
        Shift();
        _processorClosed?.Clear();
        _processor.Process(_events, _watermarks);
        return _processor.Duplicates;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public int PartitionProcessor_Process_fresh()
    {
        var processor = new PartitionProcessor(_options);
        processor.Process(_events, _watermarks);
        return processor.Duplicates == 0 ? 1 : 0;
    }

    private void Shift()
    {
        var events = _events;
        var wms = _watermarks;
        for (int i = 0; i < events.Length; i++)
        {
            events[i].EventTimeTicks += s_shift;
            wms[i] += s_shift;
        }
    }
}
