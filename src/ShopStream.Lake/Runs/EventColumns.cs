using ShopStream.Core.Events;
using ShopStream.Lake.Parquet;
using ShopStream.Lake.Tables;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The one place where an event becomes lake columns: the first <see cref="Count"/> columns of bronze's and silver's
/// files (SPEC's canonical fields, then the order and attribution details of richer sources, NULL for the others),
/// written straight into a Parquet row group's column buffers, event ids and type names rendered here. A new event
/// field is one more column in <see cref="LakeTables"/>' event schema and one more loop in <see cref="AddSlice"/>.
/// </summary>
internal sealed class EventColumns
{
    /// <summary>How many columns an event fills.</summary>
    public const int Count = 24;

    // Events a column's loop covers before the next column's: 256 events (about 40 KB) stay in the L1 cache across
    // the 24 loops.
    private const int SliceRows = 256;

    private readonly Utf8Strings _utf8;
    private readonly Utf8Text[] _typeNames;
    private readonly byte[] _text = new byte[64];
    private readonly StringColumnBuffer _eventId, _eventType, _sessionId, _categoryCode, _brand, _orderId, _country, _userAgent, _ip;
    private readonly StringColumnBuffer _paymentMethod, _channel, _utmSource, _utmMedium, _utmCampaign;
    private readonly Int64ColumnBuffer _eventTime, _userId, _productId, _categoryId, _price, _subtotal, _tax, _shipping, _total;
    private readonly Int32ColumnBuffer _quantity;
    private readonly ColumnBuffer[] _details;

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
        _details = [_paymentMethod, _subtotal, _tax, _shipping, _total, _channel, _utmSource, _utmMedium, _utmCampaign];

        // Ids: every event's own, and a session's (two events each, on average); a dictionary of either costs the
        // writer thread a hash and a lookup an event (for session ids, 0.2 s of a 1M run's CPU in a perf profile) for
        // files no smaller once compressed.
        // Sized for the usual texts: 32 hex digits (a fingerprint) and a UUID's 36 characters.
        _eventId.AlwaysPlain(32);
        _sessionId.AlwaysPlain(36);

        // A few hundred categories with 19-digit ids: DELTA_BINARY_PACKED took about 7 bytes a value (7 MB of a 1M-event
        // file's 50, which zstd could not shrink), a dictionary about 10 bits.
        _categoryId.PreferDictionary();
    }

    /// <summary>The event columns as Parquet columns (bronze's and silver's first <see cref="Count"/>).</summary>
    public static IReadOnlyList<ParquetColumn> Schema { get; } = ParquetColumn.FromDelta(LakeTables.BronzeEvents.Schema).Take(Count).ToArray();

    /// <summary>
    /// Adds <paramref name="events"/> as rows, in order, a column at a time over slices of <see cref="SliceRows"/>:
    /// each column's loop runs without a call and checks per value where it can, and a column the whole slice leaves
    /// empty (a source without order details, say) is one step.
    /// </summary>
    public void Add(ReadOnlySpan<ShopEvent> events)
    {
        for (int start = 0; start < events.Length; start += SliceRows)
            AddSlice(events.Slice(start, Math.Min(SliceRows, events.Length - start)));
    }

    private void AddSlice(ReadOnlySpan<ShopEvent> events)
    {
        foreach (ref readonly var e in events)
        {
            if (e.SourceEventId is { } id)
                _eventId.Add(id);
            else
                _eventId.Add(Hex(e.Fingerprint));
        }

        var times = _eventTime.Append(events.Length);
        for (int i = 0; i < events.Length; i++)
            times[i] = UnixMicros.FromTicks(events[i].EventTimeTicks);
        foreach (ref readonly var e in events)
            _eventType.Add(_typeNames[(int)e.Type]);
        var users = _userId.Append(events.Length);
        for (int i = 0; i < events.Length; i++)
            users[i] = events[i].UserId;
        foreach (ref readonly var e in events)
            SessionId(in e);
        var products = _productId.Append(events.Length);
        for (int i = 0; i < events.Length; i++)
            products[i] = events[i].ProductId;
        CategoryIds(events);
        Texts<CategoryCodeField>(_categoryCode, events, cache: true);
        Texts<BrandField>(_brand, events, cache: true);
        var prices = _price.Append(events.Length);
        int scale = _price.Column.Scale;
        for (int i = 0; i < events.Length; i++)
            prices[i] = DecimalScaling.Unscaled(events[i].Price, scale);
        var quantities = _quantity.Append(events.Length);
        for (int i = 0; i < events.Length; i++)
            quantities[i] = events[i].Quantity;
        Texts<OrderIdField>(_orderId, events, cache: false);
        Texts<CountryField>(_country, events, cache: true);
        Texts<UserAgentField>(_userAgent, events, cache: false);
        Texts<IpField>(_ip, events, cache: false);
        Details(events);
    }

    private void SessionId(in ShopEvent e)
    {
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
    }

    // 0 is "none" (NULL); a source has a category for every event, or for none.
    private void CategoryIds(ReadOnlySpan<ShopEvent> events)
    {
        foreach (ref readonly var e in events)
        {
            if (e.CategoryId != 0)
                continue;
            foreach (ref readonly var each in events)
            {
                if (each.CategoryId == 0)
                    _categoryId.AddNull();
                else
                    _categoryId.Add(each.CategoryId);
            }

            return;
        }

        var ids = _categoryId.Append(events.Length);
        for (int i = 0; i < events.Length; i++)
            ids[i] = events[i].CategoryId;
    }

    // One text field of every event; a slice where all are empty (a source without the field) is one step.
    private void Texts<TField>(StringColumnBuffer column, ReadOnlySpan<ShopEvent> events, bool cache)
        where TField : ITextField
    {
        foreach (ref readonly var e in events)
        {
            if (string.IsNullOrEmpty(TField.Of(in e)))
                continue;
            foreach (ref readonly var each in events)
                Text(column, TField.Of(in each), cache);
            return;
        }

        column.AddNulls(events.Length);
    }

    private void Details(ReadOnlySpan<ShopEvent> events)
    {
        foreach (ref readonly var e in events)
        {
            if (e.Details is null)
                continue;
            foreach (ref readonly var each in events)
                AddDetails(each.Details);
            return;
        }

        foreach (var column in _details)
            column.AddNulls(events.Length);
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

    // A text field of the event, as a type: Texts<TField> is compiled once per field, with the read inlined.
    private interface ITextField
    {
        static abstract string? Of(in ShopEvent e);
    }

    private readonly struct CategoryCodeField : ITextField
    {
        public static string? Of(in ShopEvent e) => e.CategoryCode;
    }

    private readonly struct BrandField : ITextField
    {
        public static string? Of(in ShopEvent e) => e.Brand;
    }

    private readonly struct OrderIdField : ITextField
    {
        public static string? Of(in ShopEvent e) => e.OrderId;
    }

    private readonly struct CountryField : ITextField
    {
        public static string? Of(in ShopEvent e) => e.Country;
    }

    private readonly struct UserAgentField : ITextField
    {
        public static string? Of(in ShopEvent e) => e.UserAgent;
    }

    private readonly struct IpField : ITextField
    {
        public static string? Of(in ShopEvent e) => e.Ip;
    }
}
