using System.Buffers;
using System.Buffers.Text;
using ShopStream.Generator.Model;
using ShopStream.Generator.Randomness;

namespace ShopStream.Generator.Output;

/// <summary>
/// JSON lines with SPEC's canonical field names (event_id, event_time as <c>2019-10-01T02:29:38Z</c>, event_type,
/// user_id, session_id, product_id, category_id, category_code, brand, price, quantity, order_id, country,
/// user_agent, ip), the details ShopStream's reader also reads (channel and utm_* on a visit's events; payment_method,
/// order_subtotal, tax, shipping and order_total on purchase lines) and extras it ignores: device, user_profile,
/// signup_date, search query, order line and lines, and warehouse.
/// </summary>
internal sealed class JsonLinesFormat : RecordFormat
{
    private const int SessionBytes = 1024;
    private readonly TimeText _time = new((byte)'T', "Z\",\"event_type\":\""u8.ToArray());
    private readonly ByteTable _products;
    private readonly ByteTable _queries;
    private readonly UserPool _users;
    private readonly Campaigns _campaigns;
    private readonly string[] _profiles;
    private readonly ulong _idKey;

    /// <param name="space">The start's (<see cref="TrafficGenerator.StartSpace"/>): another start's event ids are others.</param>
    public JsonLinesFormat(Catalog catalog, UserPool users, Campaigns campaigns, string[] profiles, ulong seed, ulong space)
        : base(SessionBytes)
    {
        _products = new ByteTable(catalog.Count, p =>
            $",\"product_id\":{catalog.ProductIds[p]},\"category_id\":{catalog.CategoryId(p)}"
            + (catalog.HasCode[p] ? $",\"category_code\":\"{catalog.CategoryCode(p)}\"" : "")
            + (catalog.Brand[p].Length > 0 ? $",\"brand\":\"{catalog.Brand[p]}\"" : "")
            + $",\"price\":{catalog.PriceCents[p] / 100}.{catalog.PriceCents[p] % 100:00}");
        _queries = new ByteTable(CategoryTable.Leaves.Length, c =>
        {
            string code = CategoryTable.Leaves[c].Code;
            return $",\"query\":\"{code[(code.LastIndexOf('.') + 1)..].Replace('_', ' ')}\"";
        });
        _users = users;
        _campaigns = campaigns;
        _profiles = profiles;
        _idKey = Xoshiro256.Mix(seed ^ 0x1D5_0000UL ^ (space * 0x9E37_79B9_7F4A_7C15UL));
        MaxRecordBytes = 128 + SessionBytes + _products.MaxLength + 400;
    }

    public override ReadOnlySpan<byte> Header => [];

    public override int MaxRecordBytes { get; }

    public override Malformation[] Malformations { get; } =
        [Malformation.Json, Malformation.EventTime, Malformation.EventType, Malformation.Number, Malformation.Id, Malformation.Price, Malformation.Encoding];

    public override void Prefetch(int product) => _products.Prefetch(product);

    public override bool Carries(EventKind kind) => true;

    public override void BeginSession(int slot, in SessionInfo s)
    {
        var d = SlotBuffer(slot);
        var t = _users.All[s.Template];
        int n = User(d, s.UserId, t);
        n += Put(d[n..], ",\"session_id\":\""u8);
        n += Utf8Text.Uuid(d[n..], s.SessionHi, s.SessionLo);
        n += Put(d[n..], "\",\"ip\":\""u8);
        n += Utf8Text.Ip(d[n..], s.Ip);
        n += Put(d[n..], "\",\"device\":\""u8);
        n += Utf8Text.Ascii(d[n..], t.Device);
        n += Put(d[n..], "\",\"user_profile\":\""u8);
        n += Utf8Text.Ascii(d[n..], _profiles[s.Profile]);
        n += Put(d[n..], "\",\"signup_date\":\""u8);
        n += Utf8Text.Date(d[n..], s.SignupSecond);
        n += Put(d[n..], "\",\"channel\":\""u8);
        n += Utf8Text.Ascii(d[n..], Campaigns.Channels[s.Channel]);
        d[n++] = (byte)'"';
        if (s.Campaign >= 0)
        {
            var c = _campaigns[s.Campaign];
            n += Put(d[n..], ",\"utm_source\":\""u8);
            n += Utf8Text.Ascii(d[n..], c.Source);
            n += Put(d[n..], "\",\"utm_medium\":\""u8);
            n += Utf8Text.Ascii(d[n..], c.Medium);
            n += Put(d[n..], "\",\"utm_campaign\":\""u8);
            n += Utf8Text.Ascii(d[n..], c.Name);
            d[n++] = (byte)'"';
        }

        SetSlotLength(slot, n);
    }

    private static int User(Span<byte> d, long userId, UserTemplate t)
    {
        int n = Put(d, "\"user_id\":"u8);
        n += Utf8Text.Int(d[n..], userId);
        n += Put(d[n..], ",\"country\":\""u8);
        n += Utf8Text.Ascii(d[n..], Countries.All[t.Country].Code);
        n += Put(d[n..], "\",\"city\":\""u8);
        n += Utf8Text.Ascii(d[n..], t.City);
        n += Put(d[n..], "\",\"user_agent\":\""u8);
        n += Utf8Text.Ascii(d[n..], t.UserAgent);
        d[n++] = (byte)'"';
        return n;
    }

    public override int Write(Span<byte> d, in GenEvent e)
    {
        int n = Put(d, "{\"event_id\":\""u8);
        n += Utf8Text.Hex16(d[n..], Xoshiro256.Mix((ulong)e.Sequence ^ _idKey));
        n += Put(d[n..], "\",\"event_time\":\""u8);
        n += _time.Write(d[n..], e.Second);
        n += Put(d[n..], e.Kind switch
        {
            EventKind.View => "view\","u8,
            EventKind.Cart => "cart\","u8,
            EventKind.RemoveFromCart => "remove_from_cart\","u8,
            EventKind.Purchase => "purchase\","u8,
            EventKind.Search => "search\","u8,
            _ => "refund\","u8,
        });
        n += e.Slot >= 0 ? Put(d[n..], Slot(e.Slot)) : User(d[n..], e.UserId, _users.All[e.Template]);
        if (e.Kind == EventKind.Search)
        {
            n += Put(d[n..], _queries[e.Leaf]);
        }
        else
        {
            n += Put(d[n..], _products[e.Product]);
            n += Put(d[n..], ",\"quantity\":"u8);
            n += Utf8Text.Int(d[n..], e.Quantity);
        }

        if (e.Kind is EventKind.Purchase or EventKind.Refund)
            n += Order(d[n..], e);
        n += Put(d[n..], "}\n"u8);
        return n;
    }

    private static int Order(Span<byte> d, in GenEvent e)
    {
        int n = Put(d, ",\"order_id\":\"O"u8);
        Utf8Formatter.TryFormat(e.OrderNo, d[n..], out int w, new StandardFormat('D', 9));
        n += w;
        d[n++] = (byte)'"';
        if (e.Kind == EventKind.Refund)
        {
            n += Put(d[n..], ",\"refund_invoice\":\"C"u8);
            n += Utf8Text.Int(d[n..], e.InvoiceNo);
            d[n++] = (byte)'"';
            return n;
        }

        n += Put(d[n..], ",\"line\":"u8);
        n += Utf8Text.Int(d[n..], e.Line);
        n += Put(d[n..], ",\"lines\":"u8);
        n += Utf8Text.Int(d[n..], e.Lines);
        n += Put(d[n..], ",\"payment_method\":\""u8);
        n += Utf8Text.Ascii(d[n..], Countries.PaymentMethods[e.Payment]);
        n += Put(d[n..], "\",\"order_subtotal\":"u8);
        n += Utf8Text.Money(d[n..], e.SubtotalCents);
        n += Put(d[n..], ",\"tax\":"u8);
        n += Utf8Text.Money(d[n..], e.TaxCents);
        n += Put(d[n..], ",\"shipping\":"u8);
        n += Utf8Text.Money(d[n..], e.ShippingCents);
        n += Put(d[n..], ",\"order_total\":"u8);
        n += Utf8Text.Money(d[n..], e.SubtotalCents + e.ShippingCents);
        n += Put(d[n..], ",\"warehouse\":\""u8);
        n += Utf8Text.Ascii(d[n..], Countries.Warehouses[e.Warehouse]);
        d[n++] = (byte)'"';
        return n;
    }

    private static int Put(Span<byte> d, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(d);
        return bytes.Length;
    }

    public override byte[] Corrupt(ReadOnlySpan<byte> record, Malformation how)
    {
        var body = record.TrimEnd("\r\n"u8);
        // ShopStream's reader stops at the first bad field, so a bad field placed first decides the reason.
        return how switch
        {
            Malformation.Json => [.. body[..^1], (byte)'\n'],
            Malformation.EventTime => Front(body, "\"event_time\":\"2019-13-01T00:00:00Z\","u8),
            Malformation.EventType => Front(body, "\"event_type\":\"click\","u8),
            Malformation.Number => Front(body, "\"quantity\":\"one\","u8),
            Malformation.Id => Front(body, "\"user_id\":0,"u8),
            Malformation.Price => Front(body, "\"price\":-1.00,"u8),
            Malformation.Encoding => Front(body, [(byte)'"', (byte)'x', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)',']),
            _ => throw new ArgumentOutOfRangeException(nameof(how), how, null),
        };
    }

    private static byte[] Front(ReadOnlySpan<byte> body, ReadOnlySpan<byte> field) => [(byte)'{', .. field, .. body[1..], (byte)'\n'];
}
