using ShopStream.Core.Events;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The silver row group being built for one day: the event columns, and each row's user and event time for its
/// session start later. A few of these are shared by all days (<see cref="SilverSpool"/>), since events come in
/// about time order and a day's buffer is about a row group of every column.
/// </summary>
internal sealed class SpoolBuffer
{
    private readonly EventColumns _events;

    public SpoolBuffer(ParquetWriteOptions options, Utf8Strings utf8)
    {
        Columns = new RowGroupBuffer(EventColumns.Schema, options);
        _events = new EventColumns(Columns.Columns, utf8);
        Users = new long[options.RowGroupRows];
        Micros = new long[options.RowGroupRows];
    }

    public RowGroupBuffer Columns { get; }

    public long[] Users { get; }

    public long[] Micros { get; }

    public int Rows { get; private set; }

    /// <summary>The day whose rows it holds now (null when free).</summary>
    public SilverDaySpool? Owner { get; set; }

    /// <summary>When its owner last added a row (a counter, for giving the least recently used buffer to another day).</summary>
    public long LastUsed { get; set; }

    public bool IsFull => Rows == Users.Length;

    public void Add(in ShopEvent e)
    {
        _events.Add(in e);
        Users[Rows] = e.UserId;
        Micros[Rows] = (e.EventTimeTicks - DateTime.UnixEpoch.Ticks) / 10;
        Rows++;
    }

    /// <summary>Forgets the rows once they are encoded (the column buffers empty themselves as they encode).</summary>
    public void Clear() => Rows = 0;
}
