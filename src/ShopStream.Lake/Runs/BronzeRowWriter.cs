using System.Text;
using ShopStream.Core.Events;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The one place where an event becomes lake columns: fills DuckDB data chunks for the staging table with every
/// canonical column ready to write (event ids and type names rendered here, cheaper than in SQL), plus the input's
/// index, the line and the fingerprint that silver's dedup needs. A new event field is one more entry in
/// <see cref="s_columns"/> and one more setter in <see cref="SetRow"/>.
/// </summary>
internal sealed class BronzeRowWriter : IDisposable
{
    /// <summary>The staging table's columns; the canonical ones come first, in the lake tables' order.</summary>
    private static readonly (string Name, string Sql, DuckDbColumnType Type)[] s_columns =
    [
        ("event_id", "VARCHAR", DuckDbType.Varchar),
        ("event_time", "TIMESTAMPTZ", DuckDbType.TimestampTz),
        ("event_type", "VARCHAR", DuckDbType.Varchar),
        ("user_id", "BIGINT", DuckDbType.BigInt),
        ("session_id", "VARCHAR", DuckDbType.Varchar),
        ("product_id", "BIGINT", DuckDbType.BigInt),
        ("category_id", "BIGINT", DuckDbType.BigInt),
        ("category_code", "VARCHAR", DuckDbType.Varchar),
        ("brand", "VARCHAR", DuckDbType.Varchar),
        ("price", "DECIMAL(18,4)", DuckDbColumnType.Decimal(18, 4)),
        ("quantity", "INTEGER", DuckDbType.Integer),
        ("order_id", "VARCHAR", DuckDbType.Varchar),
        ("country", "VARCHAR", DuckDbType.Varchar),
        ("user_agent", "VARCHAR", DuckDbType.Varchar),
        ("ip", "VARCHAR", DuckDbType.Varchar),
        ("src", "INTEGER", DuckDbType.Integer),
        ("line", "BIGINT", DuckDbType.BigInt),
        ("fp_hi", "BIGINT", DuckDbType.BigInt),
        ("fp_lo", "BIGINT", DuckDbType.BigInt),
    ];

    private const int CanonicalCount = 15;

    private static readonly byte[][] s_typeNames = Enumerable.Range(0, EventTypes.Count).Select(t => Encoding.UTF8.GetBytes(EventTypes.Name((EventType)t))).ToArray();

    private readonly Utf8Strings _utf8 = new();
    private readonly byte[] _text = new byte[64];
    private readonly DuckDbChunkBuilder _rows = new(s_columns.Select(c => c.Type).ToArray());

    /// <summary>The canonical event columns, comma-separated, as the lake tables name them.</summary>
    public static string CanonicalColumns { get; } = string.Join(", ", s_columns.Take(CanonicalCount).Select(c => c.Name));

    /// <summary>Creates the (empty) staging table <paramref name="table"/> (a constant of the lake code).</summary>
    public static string CreateTable(string table) => $"CREATE OR REPLACE TABLE {table} ({string.Join(", ", s_columns.Select(c => $"{c.Name} {c.Sql}"))})";

    /// <summary>Appends a block's events through <paramref name="appender"/>; <paramref name="source"/> is the block's input index.</summary>
    public void Append(DuckDbAppender appender, EventBlock block, int source)
    {
        var events = block.Events;
        for (int i = 0; i < block.Count; i++)
        {
            int r = _rows.NewRow();
            SetRow(r, in events[i]);
            _rows.SetInt32(15, r, source);
            _rows.SetInt64(16, r, block.Lines[i]);
            if (_rows.IsFull)
                appender.Append(_rows);
        }
    }

    /// <summary>Appends the rows still in the chunk (before the appender is closed).</summary>
    public void Flush(DuckDbAppender appender) => appender.Append(_rows);

    public void Dispose() => _rows.Dispose();

    private void SetRow(int r, in ShopEvent e)
    {
        var rows = _rows;
        if (e.SourceEventId is { } id)
            rows.SetString(0, r, id);
        else
            rows.SetUtf8(0, r, Hex(e.Fingerprint));
        rows.SetTimestampTicks(1, r, e.EventTimeTicks);
        rows.SetUtf8(2, r, s_typeNames[(int)e.Type]);
        rows.SetInt64(3, r, e.UserId);
        if (e.SessionText is not null)
        {
            SetText(4, r, e.SessionText, cache: false);
        }
        else if (e.SessionId != Guid.Empty)
        {
            e.SessionId.TryFormat(_text, out int n);
            rows.SetUtf8(4, r, _text.AsSpan(0, n));
        }
        else
        {
            rows.SetNull(4, r);
        }

        rows.SetInt64(5, r, e.ProductId);
        if (e.CategoryId == 0)
            rows.SetNull(6, r);
        else
            rows.SetInt64(6, r, e.CategoryId);
        SetText(7, r, e.CategoryCode, cache: true);
        SetText(8, r, e.Brand, cache: true);
        rows.SetDecimal(9, r, e.Price);
        rows.SetInt32(10, r, e.Quantity);
        SetText(11, r, e.OrderId, cache: false);
        SetText(12, r, e.Country, cache: true);
        SetText(13, r, e.UserAgent, cache: false);
        SetText(14, r, e.Ip, cache: false);
        rows.SetInt64(17, r, (long)(ulong)(e.Fingerprint >> 64));
        rows.SetInt64(18, r, (long)(ulong)e.Fingerprint);
    }

    // SPEC's event_id for sources without one: the fingerprint as 32 lowercase hex digits (ShopEvent.EventId).
    private ReadOnlySpan<byte> Hex(UInt128 value)
    {
        ((ulong)(value >> 64)).TryFormat(_text, out _, "x16", null);
        ((ulong)value).TryFormat(_text.AsSpan(16), out _, "x16", null);
        return _text.AsSpan(0, 32);
    }

    private void SetText(int column, int row, string? value, bool cache)
    {
        if (value is null || value.Length == 0)
        {
            _rows.SetNull(column, row);
            return;
        }

        if (!cache)
        {
            _rows.SetString(column, row, value);
            return;
        }

        _rows.SetUtf8(column, row, _utf8.Of(value));
    }
}
