using ShopStream.Generator.Faults;
using ShopStream.Generator.Output;
using ShopStream.Generator.Randomness;

namespace ShopStream.Generator;

/// <summary>
/// The way out: each rendered record is written, or held back and delivered later, or duplicated, or broken.
/// <para>
/// Held records are released by event time so that the consumer's verdict is certain: an out-of-order record
/// (or a duplicate's copy) due at r = t + d, d &lt;= 80% of the allowed disorder, is written before the first
/// later record with time &gt;= r, so nothing written before it is newer than r: never late. A late record due at
/// r = t + d, d &gt; the allowed disorder, is written right after a record with time &gt;= r: always late.
/// </para>
/// </summary>
public sealed partial class TrafficGenerator
{
    private enum Fault : byte
    {
        None,
        Duplicate,
        Late,
        Disorder,
        Malformed,
    }

    private readonly bool _faultsOn;
    private readonly long _disorderTicks;
    private readonly long _lateMinSeconds;
    private readonly int _disorderMaxSeconds;
    private readonly int _duplicateMaxSeconds;
    private readonly PriorityQueue<HeldRecord, long> _disordered = new();
    private readonly PriorityQueue<HeldRecord, long> _late = new();
    private Xoshiro256 _faultRng;
    private OutputBuffer _out = null!;
    private RatePacer? _pacer;
    private long _nextPace;
    private long _target;
    private long _planned;
    private long _held;
    private long _maxSeenTicks = long.MinValue;
    private long _lastSecond;

    private void Emit(in GenEvent e)
    {
        if (!_format.Carries(e.Kind))
        {
            Stats.CountSkipped(e.Kind);
            return;
        }

        if (e.Slot >= 0)
        {
            ref var s = ref _sessions[e.Slot];
            if (!s.Counted)
            {
                s.Counted = true;
                Stats.Sessions++;
                if (!s.UserCounted)
                {
                    s.UserCounted = true;
                    Stats.Users++;
                }
            }
        }

        long t = e.Second;
        ReleaseDisordered(t);
        var dest = _out.Reserve(_format.MaxRecordBytes);
        int n = _format.Write(dest, e);
        _planned++;
        switch (DrawFault())
        {
            case Fault.Duplicate when _planned < _target:
                _planned++;
                Hold(_disordered, dest[..n].ToArray(), t, t + _faultRng.Next(_duplicateMaxSeconds + 1), e.Kind, duplicate: true);
                Commit(n, t, e.Kind);
                ReleaseLate(t);
                break;
            case Fault.Late:
                long delay = _lateMinSeconds + Math.Min(6 * 3600, (long)_faultRng.Exponential(600));
                Hold(_late, dest[..n].ToArray(), t, t + delay, e.Kind, duplicate: false);
                break;
            case Fault.Disorder:
                Hold(_disordered, dest[..n].ToArray(), t, t + 1 + _faultRng.Next(_disorderMaxSeconds), e.Kind, duplicate: false);
                break;
            case Fault.Malformed when Stats.Records > 0: // never the first record: readers detect the format from it
                var how = _format.Malformations[_faultRng.Next(_format.Malformations.Length)];
                _out.Write(_format.Corrupt(dest[..n], how));
                Stats.Records++;
                Stats.CountMalformed(how);
                break;
            default:
                Commit(n, t, e.Kind);
                ReleaseLate(t);
                break;
        }
    }

    private Fault DrawFault()
    {
        if (!_faultsOn)
            return Fault.None;
        var f = _o.Faults;
        double u = _faultRng.NextDouble();
        if ((u -= f.Malformed) < 0)
            return Fault.Malformed;
        if ((u -= f.Duplicates) < 0)
            return Fault.Duplicate;
        if ((u -= f.Late) < 0)
            return Fault.Late;
        return u - f.Disorder < 0 ? Fault.Disorder : Fault.None;
    }

    private void Commit(int length, long second, EventKind kind)
    {
        _out.Position += length;
        Stats.CountEvent(kind);
        Written(second);
    }

    /// <summary>Counts a valid record as the consumer's watermark sees it: late, out of order, or in order.</summary>
    private void Written(long second)
    {
        Stats.Records++;
        long ticks = second * TimeSpan.TicksPerSecond;
        if (Stats.Records == 1 || second < _firstSecond)
            _firstSecond = second;
        if (ticks > _maxSeenTicks)
        {
            _maxSeenTicks = ticks;
            _lastSecond = second;
        }

        if (ticks < _maxSeenTicks - _disorderTicks)
            Stats.Late++;
        else if (ticks < _maxSeenTicks)
            Stats.OutOfOrder++;
    }

    private long _firstSecond;

    private void Hold(PriorityQueue<HeldRecord, long> queue, byte[] bytes, long second, long due, EventKind kind, bool duplicate) =>
        queue.Enqueue(new HeldRecord(bytes, second, kind, duplicate), (due << 20) | (_held++ & 0xFFFFF));

    private void Release(HeldRecord h)
    {
        _out.Write(h.Bytes);
        if (h.Duplicate)
        {
            Stats.Duplicates++;
            Written(h.Second);
        }
        else
        {
            Stats.CountEvent(h.Kind);
            Written(h.Second);
        }
    }

    private void ReleaseDisordered(long second)
    {
        while (_disordered.TryPeek(out var h, out long key) && key >> 20 <= second)
        {
            _disordered.Dequeue();
            Release(h);
        }
    }

    private void ReleaseLate(long second)
    {
        while (_late.TryPeek(out var h, out long key) && key >> 20 <= second)
        {
            _late.Dequeue();
            Release(h);
        }
    }

    /// <summary>End of the run: what is still held goes out, out-of-order records first.</summary>
    private void FlushHeld()
    {
        while (_disordered.TryDequeue(out var h, out _))
            Release(h);
        while (_late.TryDequeue(out var h, out _))
            Release(h);
        if (Stats.Records > Stats.Malformed)
        {
            Stats.FirstEventTime = new DateTime(_firstSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            Stats.LastEventTime = new DateTime(_lastSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        }
    }
}
