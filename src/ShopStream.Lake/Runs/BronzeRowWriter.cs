using System.Text;
using ShopStream.Core.Events;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The one place where an event becomes lake columns: fills the rows of bronze's table function
/// (<see cref="BronzeFeed"/>) with every event column ready to write (event ids and type names rendered here, cheaper
/// than in SQL), plus the input and the line. A new event field is one more entry in <see cref="s_columns"/> and one
/// more setter in <see cref="SetRow"/>.
/// </summary>
internal sealed class BronzeRowWriter
{
    /// <summary>
    /// The rows' columns: the event's columns first, in the lake tables' order (SPEC's canonical fields, then the order
    /// and attribution details of richer sources, NULL for the others), then where the event was read.
    /// </summary>
    private static readonly (string Name, DuckDbColumnType Type)[] s_columns =
    [
        ("event_id", DuckDbType.Varchar),
        ("event_time", DuckDbType.TimestampTz),
        ("event_type", DuckDbType.Varchar),
        ("user_id", DuckDbType.BigInt),
        ("session_id", DuckDbType.Varchar),
        ("product_id", DuckDbType.BigInt),
        ("category_id", DuckDbType.BigInt),
        ("category_code", DuckDbType.Varchar),
        ("brand", DuckDbType.Varchar),
        ("price", DuckDbColumnType.Decimal(18, 4)),
        ("quantity", DuckDbType.Integer),
        ("order_id", DuckDbType.Varchar),
        ("country", DuckDbType.Varchar),
        ("user_agent", DuckDbType.Varchar),
        ("ip", DuckDbType.Varchar),
        ("payment_method", DuckDbType.Varchar),
        ("order_subtotal", DuckDbColumnType.Decimal(18, 4)),
        ("tax", DuckDbColumnType.Decimal(18, 4)),
        ("shipping", DuckDbColumnType.Decimal(18, 4)),
        ("order_total", DuckDbColumnType.Decimal(18, 4)),
        ("channel", DuckDbType.Varchar),
        ("utm_source", DuckDbType.Varchar),
        ("utm_medium", DuckDbType.Varchar),
        ("utm_campaign", DuckDbType.Varchar),
        ("source", DuckDbType.Varchar),
        ("line", DuckDbType.BigInt),
    ];

    private const int EventColumnCount = 24;
    private const int SourceColumn = EventColumnCount;
    private const int LineColumn = EventColumnCount + 1;

    private static readonly byte[][] s_typeNames = Enumerable.Range(0, EventTypes.Count).Select(t => Encoding.UTF8.GetBytes(EventTypes.Name((EventType)t))).ToArray();

    private readonly Utf8Strings _utf8 = new();
    private readonly byte[] _text = new byte[64];
    private DuckDbChunkBuilder _rows = null!;

    /// <summary>The rows' columns (bronze's, but for <c>ingested_at</c>).</summary>
    public static IReadOnlyList<(string Name, DuckDbColumnType Type)> Columns => s_columns;

    /// <summary>The event columns, comma-separated, as the lake tables name them.</summary>
    public static string EventColumns { get; } = string.Join(", ", s_columns.Take(EventColumnCount).Select(c => c.Name));

    /// <summary>Adds event <paramref name="e"/>, read at <paramref name="line"/> of input <paramref name="source"/> (UTF-8), as a row of <paramref name="rows"/>.</summary>
    public void Add(DuckDbChunkBuilder rows, in ShopEvent e, ReadOnlySpan<byte> source, long line)
    {
        _rows = rows;
        int r = rows.NewRow();
        SetRow(r, in e);
        rows.SetUtf8(SourceColumn, r, source);
        rows.SetInt64(LineColumn, r, line);
    }

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
        SetDetails(r, e.Details);
    }

    // Columns 15..23. Details are shared by an order's lines and a visit's events, so their strings repeat: cached.
    private void SetDetails(int r, EventDetails? d)
    {
        SetText(15, r, d?.PaymentMethod, cache: true);
        SetMoney(16, r, d?.Subtotal);
        SetMoney(17, r, d?.Tax);
        SetMoney(18, r, d?.Shipping);
        SetMoney(19, r, d?.Total);
        SetText(20, r, d?.Channel, cache: true);
        SetText(21, r, d?.UtmSource, cache: true);
        SetText(22, r, d?.UtmMedium, cache: true);
        SetText(23, r, d?.UtmCampaign, cache: true);
    }

    private void SetMoney(int column, int row, decimal? value)
    {
        if (value is { } m)
            _rows.SetDecimal(column, row, m);
        else
            _rows.SetNull(column, row);
    }

    // SPEC's event_id for sources without one: the fingerprint as 32 lowercase hex digits (ShopEvent.EventId), a
    // nibble at a time (ulong.TryFormat with "x16" took the general number formatter, 2% of a lake run's CPU).
    private ReadOnlySpan<byte> Hex(UInt128 value)
    {
        var digits = "0123456789abcdef"u8;
        var hex = _text.AsSpan(0, 32);
        ulong high = (ulong)(value >> 64), low = (ulong)value;
        for (int i = 15; i >= 0; i--)
        {
            hex[i] = digits[(int)(high & 0xF)];
            hex[i + 16] = digits[(int)(low & 0xF)];
            high >>= 4;
            low >>= 4;
        }

        return hex;
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
