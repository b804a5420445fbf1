using ShopStream.Core.Events;
using ShopStream.Lake.Parquet;
using ShopStream.Lake.Tables;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The one place where an event becomes lake columns: the first <see cref="Count"/> columns of bronze's and silver's
/// files (SPEC's canonical fields, then the order and attribution details of richer sources, NULL for the others),
/// written straight into a Parquet row group's column buffers, event ids and type names rendered here. A new event
/// field is one more column in <see cref="LakeTables"/>' event schema and one more line in <see cref="Add"/>.
/// </summary>
internal sealed class EventColumns
{
    /// <summary>How many columns an event fills.</summary>
    public const int Count = 24;

    private readonly Utf8Strings _utf8;
    private readonly Utf8Text[] _typeNames;
    private readonly byte[] _text = new byte[64];
    private readonly StringColumnBuffer _eventId, _eventType, _sessionId, _categoryCode, _brand, _orderId, _country, _userAgent, _ip;
    private readonly StringColumnBuffer _paymentMethod, _channel, _utmSource, _utmMedium, _utmCampaign;
    private readonly Int64ColumnBuffer _eventTime, _userId, _productId, _categoryId, _price, _subtotal, _tax, _shipping, _total;
    private readonly Int32ColumnBuffer _quantity;

    /// <summary>Writes into <paramref name="columns"/>, whose first <see cref="Count"/> are the event's, in the lake tables' order.</summary>
    public EventColumns(IReadOnlyList<ColumnBuffer> columns, Utf8Strings utf8)
    {
        for (int i = 0; i < Count; i++)
        {
            if (columns[i].Column != Schema[i])
                throw new ArgumentException($"column {i} is {columns[i].Column}, expected {Schema[i]}", nameof(columns));
        }

        _utf8 = utf8;
        _typeNames = [.. Enumerable.Range(0, EventTypes.Count).Select(t => utf8.Of(EventTypes.Name((EventType)t)))];
        _eventId = (StringColumnBuffer)columns[0];
        _eventTime = (Int64ColumnBuffer)columns[1];
        _eventType = (StringColumnBuffer)columns[2];
        _userId = (Int64ColumnBuffer)columns[3];
        _sessionId = (StringColumnBuffer)columns[4];
        _productId = (Int64ColumnBuffer)columns[5];
        _categoryId = (Int64ColumnBuffer)columns[6];
        _categoryCode = (StringColumnBuffer)columns[7];
        _brand = (StringColumnBuffer)columns[8];
        _price = (Int64ColumnBuffer)columns[9];
        _quantity = (Int32ColumnBuffer)columns[10];
        _orderId = (StringColumnBuffer)columns[11];
        _country = (StringColumnBuffer)columns[12];
        _userAgent = (StringColumnBuffer)columns[13];
        _ip = (StringColumnBuffer)columns[14];
        _paymentMethod = (StringColumnBuffer)columns[15];
        _subtotal = (Int64ColumnBuffer)columns[16];
        _tax = (Int64ColumnBuffer)columns[17];
        _shipping = (Int64ColumnBuffer)columns[18];
        _total = (Int64ColumnBuffer)columns[19];
        _channel = (StringColumnBuffer)columns[20];
        _utmSource = (StringColumnBuffer)columns[21];
        _utmMedium = (StringColumnBuffer)columns[22];
        _utmCampaign = (StringColumnBuffer)columns[23];

        // Ids: every event's own, and a session's (two events each, on average); a dictionary of either costs the
        // writer thread a hash and a lookup an event (for session ids, 0.2 s of a 1M run's CPU in a perf profile) for
        // files no smaller once compressed.
        _eventId.AlwaysPlain();
        _sessionId.AlwaysPlain();
    }

    /// <summary>The event columns as Parquet columns (bronze's and silver's first <see cref="Count"/>).</summary>
    public static IReadOnlyList<ParquetColumn> Schema { get; } = ParquetColumn.FromDelta(LakeTables.BronzeEvents.Schema).Take(Count).ToArray();

    public void Add(in ShopEvent e)
    {
        if (e.SourceEventId is { } id)
            _eventId.Add(id);
        else
            _eventId.Add(Hex(e.Fingerprint));
        _eventTime.AddTicks(e.EventTimeTicks);
        _eventType.Add(_typeNames[(int)e.Type]);
        _userId.Add(e.UserId);
        if (e.SessionText is not null)
        {
            Text(_sessionId, e.SessionText, cache: false);
        }
        else if (e.SessionId != Guid.Empty)
        {
            e.SessionId.TryFormat(_text, out int n);
            _sessionId.Add(_text.AsSpan(0, n));
        }
        else
        {
            _sessionId.AddNull();
        }

        _productId.Add(e.ProductId);
        if (e.CategoryId == 0)
            _categoryId.AddNull();
        else
            _categoryId.Add(e.CategoryId);
        Text(_categoryCode, e.CategoryCode, cache: true);
        Text(_brand, e.Brand, cache: true);
        _price.AddDecimal(e.Price);
        _quantity.Add(e.Quantity);
        Text(_orderId, e.OrderId, cache: false);
        Text(_country, e.Country, cache: true);
        Text(_userAgent, e.UserAgent, cache: false);
        Text(_ip, e.Ip, cache: false);
        AddDetails(e.Details);
    }

    // Details are shared by an order's lines and a visit's events, so their strings repeat: cached.
    private void AddDetails(EventDetails? d)
    {
        Text(_paymentMethod, d?.PaymentMethod, cache: true);
        Money(_subtotal, d?.Subtotal);
        Money(_tax, d?.Tax);
        Money(_shipping, d?.Shipping);
        Money(_total, d?.Total);
        Text(_channel, d?.Channel, cache: true);
        Text(_utmSource, d?.UtmSource, cache: true);
        Text(_utmMedium, d?.UtmMedium, cache: true);
        Text(_utmCampaign, d?.UtmCampaign, cache: true);
    }

    private static void Money(Int64ColumnBuffer column, decimal? value)
    {
        if (value is { } m)
            column.AddDecimal(m);
        else
            column.AddNull();
    }

    // SPEC's event_id for sources without one: the fingerprint as 32 lowercase hex digits (ShopEvent.EventId), its
    // big-endian bytes through the runtime's vectorized hex formatter.
    private ReadOnlySpan<byte> Hex(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        Convert.TryToHexStringLower(bytes, _text, out int written);
        return _text.AsSpan(0, written);
    }

    // An empty text is NULL, as SPEC's optional fields are.
    private void Text(StringColumnBuffer column, string? value, bool cache)
    {
        if (value is null || value.Length == 0)
            column.AddNull();
        else if (cache)
            column.Add(_utf8.Of(value));
        else
            column.Add(value);
    }
}
