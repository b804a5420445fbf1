using ShopStream.Core.Events;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The writer thread's deduplicated events (bronze's rows but the duplicates, and all of silver's), a row group per
/// event date at a time (<see cref="SilverDaySpool"/>), each encoded once for both tables. Days share a few row
/// group buffers: a day that needs one while all are taken spills the least recently used day's rows as a smaller
/// row group, so memory stays bounded however many days the input spans, and events in about time order fill whole
/// row groups.
/// </summary>
internal sealed class SilverSpool : IDisposable
{
    private const int Buffers = 2;

    private readonly string _folder;
    private readonly BronzeFiles _bronze;
    private readonly long _ingestedTicks;
    private readonly ParquetWriteOptions _options;
    private readonly Utf8Strings _utf8;
    private readonly SortedDictionary<int, SilverDaySpool> _days = [];
    private readonly List<SpoolBuffer> _buffers = [];
    private readonly PageEncoder _pages;
    private readonly ByteBuffer _encoded = new(1 << 16);
    private SilverDaySpool? _last;
    private long _clock;

    public SilverSpool(string folder, BronzeFiles bronze, LakeRunOptions options, Utf8Strings utf8)
    {
        _folder = folder;
        _bronze = bronze;
        _ingestedTicks = options.IngestedAt.Ticks;
        _options = options.Parquet;
        _utf8 = utf8;
        _pages = new PageEncoder(options.Parquet.CompressionLevel);
        Directory.CreateDirectory(folder);
    }

    /// <summary>The days with rows, in date order.</summary>
    public IReadOnlyCollection<SilverDaySpool> Days => _days.Values;

    /// <summary>Adds an event not seen before, read at <paramref name="line"/> of the input named <paramref name="source"/> (UTF-8).</summary>
    public void Add(in ShopEvent e, Utf8Text source, long line)
    {
        int day = (int)(e.EventTimeTicks / TimeSpan.TicksPerDay);
        var spool = _last is { } last && last.Day.DayNumber == day ? last : Day(day);
        var buffer = spool.Buffer ?? TakeBuffer(spool);
        buffer.LastUsed = ++_clock;
        buffer.Add(in e, source, line);
        if (buffer.IsFull)
            spool.Spill(_bronze, _encoded);
    }

    /// <summary>Writes out every day's remaining rows (the stream has ended).</summary>
    public void Complete()
    {
        foreach (var day in _days.Values)
            day.Spill(_bronze, _encoded);
    }

    public void Dispose()
    {
        foreach (var day in _days.Values)
            day.Dispose();
        foreach (var buffer in _buffers)
            buffer.Dispose();
        _pages.Dispose();
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
        SpoolBuffer buffer;
        if (_buffers.Count < Buffers)
        {
            buffer = new SpoolBuffer(_options, _ingestedTicks, _utf8, _pages);
            _buffers.Add(buffer);
        }
        else
        {
            buffer = _buffers.MinBy(b => b.LastUsed)!;
            if (buffer.Owner is { } previous)
            {
                previous.Spill(_bronze, _encoded);
                previous.Buffer = null;
            }
        }

        buffer.Owner = spool;
        spool.Buffer = buffer;
        return buffer;
    }
}
