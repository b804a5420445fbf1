using ShopStream.Core.Events;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The row group being built for one event date, for bronze and silver at once (or of duplicates, for bronze alone):
/// the event columns (encoded once, for both tables), bronze's own columns (input, line, ingest time), and each row's
/// user and event time for its session start later. A few of these, from <see cref="SpoolEncoder"/>'s pool, are
/// shared by all days (<see cref="SilverSpool"/>), since events come in about time order and a buffer is about a row
/// group of every column.
/// </summary>
internal sealed class SpoolBuffer : IDisposable
{
    private readonly EventColumns _events;
    private readonly StringColumnBuffer _source;
    private readonly Int64ColumnBuffer _line;
    private readonly Int64ColumnBuffer _ingested;
    private readonly long _ingestedMicros;

    /// <param name="pages">The encoding thread's page encoder (<see cref="SpoolEncoder"/>), shared by every spool buffer.</param>
    public SpoolBuffer(ParquetWriteOptions options, long ingestedTicks, Utf8Strings utf8, PageEncoder pages)
    {
        Events = new RowGroupBuffer(EventColumns.Schema, options, pages, full: true);
        _events = new EventColumns(Events.Columns, utf8);
        Read = new RowGroupBuffer(BronzeFiles.ReadColumns, options, pages, full: true);
        _source = (StringColumnBuffer)Read.Columns[0];
        _line = (Int64ColumnBuffer)Read.Columns[1];
        _ingested = (Int64ColumnBuffer)Read.Columns[2];
        _ingestedMicros = UnixMicros.FromTicks(ingestedTicks);
        Users = new long[options.RowGroupRows];
        Micros = new long[options.RowGroupRows];
    }

    /// <summary>The event columns (bronze's and silver's first).</summary>
    public RowGroupBuffer Events { get; }

    /// <summary>Bronze's columns after the event's: where each event was read, and when.</summary>
    public RowGroupBuffer Read { get; }

    public long[] Users { get; }

    public long[] Micros { get; }

    public int Rows { get; private set; }

    /// <summary>The day whose rows it holds, until they are encoded (null for duplicates, or when free).</summary>
    public SilverDaySpool? Owner { get; set; }

    /// <summary>When its owner last added a row (a counter, for giving the least recently used buffer to another day).</summary>
    public long LastUsed { get; set; }

    public bool IsFull => Rows == Users.Length;

    /// <summary>Rows it can still take.</summary>
    public int Room => Users.Length - Rows;

    /// <summary>Adds a run of events read from <paramref name="source"/>, at most <see cref="Room"/>, with their input lines.</summary>
    public void Add(ReadOnlySpan<ShopEvent> events, ReadOnlySpan<long> lines, Utf8Text source)
    {
        _events.Add(events);
        _source.Add(source, events.Length);
        lines.CopyTo(_line.Append(events.Length));
        _ingested.Append(events.Length).Fill(_ingestedMicros);
        var users = Users.AsSpan(Rows, events.Length);
        var micros = Micros.AsSpan(Rows, events.Length);
        for (int i = 0; i < events.Length; i++)
        {
            users[i] = events[i].UserId;
            micros[i] = UnixMicros.FromTicks(events[i].EventTimeTicks);
        }

        Rows += events.Length;
    }

    /// <summary>Forgets the rows once they are encoded (the column buffers empty themselves as they encode).</summary>
    public void Clear() => Rows = 0;

    public void Dispose()
    {
        Events.Dispose();
        Read.Dispose();
    }
}
