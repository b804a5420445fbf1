using ShopStream.Core.Events;

namespace ShopStream.Core.Processing.Windows;

/// <summary>
/// One window spec over one partition's events, in event time. Events land in panes (slide-long slices); a window
/// is the union of its panes, so a hopping window costs one pane update per event, not one per window. A window
/// is final, emitted and evicted once the watermark passes its end plus the allowed lateness; panes are freed as
/// soon as no open window needs them, so state is bounded by size + lateness, not by the stream.
/// The caller leaves out events that are beyond lateness (<see cref="LatePolicy.IsTooLate"/>).
/// </summary>
public sealed partial class WindowAggregator
{
    private readonly long _size;
    private readonly long _slide;
    private readonly long _lateness;
    private readonly WindowSpec _spec;
    private readonly LatePolicy _policy;
    private readonly Action<WindowResult>? _onEmit;
    private readonly Dictionary<long, Pane> _panes = [];
    private readonly PriorityQueue<long, long> _paneOrder = new();
    private readonly Stack<Pane> _spare = new();
    private readonly FlatSet<long> _union = new();
    private int _paneSerial;
    private long _lastPaneStart = long.MinValue;
    private Pane? _lastPane;
    private long _nextFinal = long.MinValue;
    private long _nextEarly = long.MinValue;

    /// <param name="onEmit">Receives every result as it is emitted (early and final), for live consumers.</param>
    public WindowAggregator(WindowSpec spec, LatePolicy policy, Action<WindowResult>? onEmit = null)
    {
        _spec = spec;
        _policy = policy;
        _size = spec.Size.Ticks;
        _slide = spec.Slide.Ticks;
        _lateness = policy.Lateness.Ticks;
        _onEmit = onEmit;
    }

    /// <summary>Final results in window order (what the gold tables hold).</summary>
    public List<WindowResult> Finals { get; } = [];

    /// <summary>Panes held now (bounded state).</summary>
    public int OpenPanes => _panes.Count;

    public void Add(in ShopEvent e)
    {
        int noMemo = 0;
        Add(e, ref noMemo);
    }

    /// <param name="userPane">The event's user's memo for this aggregator (0 at first; see <see cref="Pane.Add"/>).</param>
    internal void Add(in ShopEvent e, ref int userPane)
    {
        long paneStart = _spec.PaneOf(e.EventTimeTicks);
        if (paneStart != _lastPaneStart)
        {
            if (!_panes.TryGetValue(paneStart, out _lastPane))
            {
                _lastPane = _spare.Count > 0 ? _spare.Pop() : new Pane();
                _lastPane.Serial = NextSerial();
                _panes.Add(paneStart, _lastPane);
                _paneOrder.Enqueue(paneStart, paneStart);
            }

            _lastPaneStart = paneStart;

            // An out-of-order event that is not too late can only fall in windows that are not final yet (their
            // end plus lateness is past the watermark), so moving the next window to finish back is safe.
            long firstWindow = paneStart - _size + _slide;
            if (_nextFinal == long.MinValue || firstWindow < _nextFinal)
                _nextFinal = firstWindow;
            if (_nextEarly == long.MinValue)
                _nextEarly = firstWindow;
        }

        _lastPane!.Add(e, ref userPane);
    }

    // A memo of 0 means "no pane"; int serials last 4,000 years of minute panes.
    private int NextSerial() => ++_paneSerial;

    /// <summary>Emits early results (Update policy) and final results that the watermark makes due.</summary>
    public void Advance(long watermark)
    {
        if (_policy.EmitEarly)
            EmitEarly(watermark);
        EmitFinal(watermark);
    }

    /// <summary>End of input: every window is final (no early results are emitted for it).</summary>
    public void Flush()
    {
        EmitFinal(long.MaxValue);
        _spare.Clear(); // end of input: no pane is opened again, and the spares' user sets are large
        _union.Release();
    }

    private void EmitFinal(long watermark)
    {
        while (_nextFinal != long.MinValue && _nextFinal + _size + _lateness < watermark)
        {
            if (!_paneOrder.TryPeek(out long firstPane, out _))
                break;
            if (firstPane >= _nextFinal + _size)
            {
                // No data in this window: skip to the first window holding the next pane, but not past a window
                // that is not final yet (a late event may still land there).
                long next = firstPane - _size + _slide;
                _nextFinal = watermark == long.MaxValue ? next : Math.Min(next, FirstWindowEndingAfter(watermark - _lateness));
                continue;
            }

            Finish(_nextFinal, WindowResultKind.Final);
            _nextFinal += _slide;
            while (_paneOrder.TryPeek(out long pane, out _) && pane < _nextFinal)
                Evict(_paneOrder.Dequeue());
        }
    }

    private void EmitEarly(long watermark)
    {
        while (_nextEarly != long.MinValue && _nextEarly + _size < watermark)
        {
            if (_nextEarly < _nextFinal)
            {
                _nextEarly = _nextFinal; // those windows are final already
                continue;
            }

            if (HasData(_nextEarly))
            {
                Finish(_nextEarly, WindowResultKind.Early);
                _nextEarly += _slide;
                continue;
            }

            long nextPane = FirstPaneFrom(_nextEarly + _size);
            long bound = FirstWindowEndingAfter(watermark);
            _nextEarly = nextPane == long.MaxValue ? bound : Math.Min(nextPane - _size + _slide, bound);
        }
    }

    // The first window (aligned start) whose end is at or after t.
    private long FirstWindowEndingAfter(long t)
    {
        long start = t - _size;
        long mod = ((start % _slide) + _slide) % _slide;
        return mod == 0 ? start : start - mod + _slide;
    }

    private bool HasData(long start)
    {
        for (long p = start; p < start + _size; p += _slide)
        {
            if (_panes.ContainsKey(p))
                return true;
        }

        return false;
    }

    private long FirstPaneFrom(long t)
    {
        long first = long.MaxValue;
        foreach (var p in _panes.Keys)
        {
            if (p >= t && p < first)
                first = p;
        }

        return first;
    }

    private void Finish(long start, WindowResultKind kind)
    {
        long events = 0, views = 0, carts = 0, removes = 0, purchases = 0;
        decimal revenue = 0;
        Pane? single = null;
        _union.Clear();
        for (long p = start; p < start + _size; p += _slide)
        {
            if (!_panes.TryGetValue(p, out var pane))
                continue;
            var c = pane.Counts;
            events += c.Events;
            views += c.Views;
            carts += c.Carts;
            removes += c.Removes;
            purchases += c.Purchases;
            revenue += c.Revenue;
            single = pane;
            if (!_spec.IsTumbling)
                _union.UnionWith(pane.Users); // users are distinct across the window, not per pane
        }

        if (single is null)
            return;
        long users = _spec.IsTumbling ? single.Users.Count : _union.Count;
        var result = new WindowResult(
            new DateTime(start, DateTimeKind.Utc), new DateTime(start + _size, DateTimeKind.Utc),
            events, views, carts, removes, purchases, revenue, users, kind);
        if (kind == WindowResultKind.Final)
            Finals.Add(result);
        _onEmit?.Invoke(result);
    }

    private void Evict(long paneStart)
    {
        if (_panes.Remove(paneStart, out var pane))
        {
            pane.Reset();
            _spare.Push(pane);
        }

        if (paneStart == _lastPaneStart)
        {
            _lastPaneStart = long.MinValue;
            _lastPane = null;
        }
    }
}
