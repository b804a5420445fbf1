using ShopStream.Core.Events;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The writer thread's events in row groups: the deduplicated ones (bronze's rows but the duplicates, and all of
/// silver's) a row group per event date at a time (<see cref="SilverDaySpool"/>), the duplicates in row groups of
/// their own for bronze alone; each full one is handed to <see cref="SpoolEncoder"/>, which encodes it once for both
/// tables. At most two days fill a buffer at once: a day that needs one then hands over the least recently used
/// day's rows as a smaller row group, so memory stays bounded however many days the input spans, and events in about
/// time order fill whole row groups.
/// </summary>
internal sealed class SilverSpool : IDisposable
{
    private const int Filling = 2;

    // Two days filling, and two more: the duplicates' (once there are any) and one queued for or being encoded. Eight
    // alternating 1M rounds each: a fifth buffer cost 6% more CPU (more memory cycling through the caches), and a
    // pool of three cost 3% more (the writer waits for the encoder).
    private const int Buffers = Filling + 2;

    private readonly string _folder;
    private readonly SortedDictionary<int, SilverDaySpool> _days = [];
    private readonly List<SpoolBuffer> _filling = [];
    private readonly SpoolEncoder _encoder;
    private SpoolBuffer? _duplicates;
    private SilverDaySpool? _last;
    private long _clock;

    public SilverSpool(string folder, BronzeFiles bronze, LakeRunOptions options, Utf8Strings utf8)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
        _encoder = new SpoolEncoder(Buffers, bronze, options, utf8);
    }

    /// <summary>The days with rows, in date order.</summary>
    public IReadOnlyCollection<SilverDaySpool> Days => _days.Values;

    /// <summary>Adds a run of events not seen before, all of one event date (<paramref name="day"/>, a <see cref="DateOnly.DayNumber"/>), read from <paramref name="source"/> at <paramref name="lines"/>.</summary>
    public void Add(int day, ReadOnlySpan<ShopEvent> events, ReadOnlySpan<long> lines, Utf8Text source)
    {
        var spool = _last is { } last && last.Day.DayNumber == day ? last : Day(day);
        while (!events.IsEmpty)
        {
            var buffer = spool.Buffer ?? TakeBuffer(spool);
            buffer.LastUsed = ++_clock;
            int take = Math.Min(events.Length, buffer.Room);
            buffer.Add(events[..take], lines[..take], source);
            events = events[take..];
            lines = lines[take..];
            if (buffer.IsFull)
                HandOver(buffer);
        }
    }

    /// <summary>Adds a run of events silver leaves out (the run's duplicates), for bronze alone.</summary>
    public void AddDuplicates(ReadOnlySpan<ShopEvent> events, ReadOnlySpan<long> lines, Utf8Text source)
    {
        while (!events.IsEmpty)
        {
            var buffer = _duplicates ??= _encoder.Rent();
            int take = Math.Min(events.Length, buffer.Room);
            buffer.Add(events[..take], lines[..take], source);
            events = events[take..];
            lines = lines[take..];
            if (buffer.IsFull)
            {
                _encoder.Encode(buffer);
                _duplicates = null;
            }
        }
    }

    /// <summary>Writes out every remaining row (the stream has ended) and waits until all is written.</summary>
    public void Complete()
    {
        foreach (var day in _days.Values)
        {
            if (day.Buffer is { } buffer)
                HandOver(buffer);
        }

        if (_duplicates is { Rows: > 0 } duplicates)
            _encoder.Encode(duplicates);
        _duplicates = null;
        _encoder.Complete();
    }

    public void Dispose()
    {
        // The encoder first: it may still be writing to the days' spools (a run that failed).
        _encoder.Dispose();
        foreach (var day in _days.Values)
            day.Dispose();
    }

    private SilverDaySpool Day(int day)
    {
        if (!_days.TryGetValue(day, out var spool))
            _days[day] = spool = new SilverDaySpool(day, _folder);
        _last = spool;
        return spool;
    }

    private SpoolBuffer TakeBuffer(SilverDaySpool spool)
    {
        if (_filling.Count == Filling)
            HandOver(_filling.MinBy(b => b.LastUsed)!);
        var buffer = _encoder.Rent();
        buffer.Owner = spool;
        spool.Buffer = buffer;
        _filling.Add(buffer);
        return buffer;
    }

    // A day's buffer to the encoder (its owner still the day, for the spool): the day takes another for its next row.
    private void HandOver(SpoolBuffer buffer)
    {
        buffer.Owner!.Buffer = null;
        _filling.Remove(buffer);
        _encoder.Encode(buffer);
    }
}
