using ShopStream.Generator.Model;

namespace ShopStream.Generator.Output;

/// <summary>
/// UCI Online Retail order lines, <c>InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country</c>:
/// one line per purchased item; a cancellation is a <c>C</c> invoice with negative quantities. Guest checkouts have
/// an empty CustomerID. Views, carts, removals and searches have no place here and are skipped.
/// </summary>
internal sealed class OrdersFormat : RecordFormat
{
    public const long FirstInvoice = 536_365;
    private const int TailBytes = 64; // ",customer,country\n"
    private readonly TimeText _time = new((byte)' ', ","u8.ToArray());
    private readonly ByteTable _products;
    private readonly UserPool _users;

    public OrdersFormat(Catalog catalog, UserPool users, ulong seed)
        : base(TailBytes)
    {
        var names = CatalogBuilder.Descriptions(catalog, seed);
        _products = new ByteTable(catalog.Count, p => $"{catalog.ProductIds[p]},{names[p]},");
        _prices = catalog.PriceCents;
        _users = users;
        MaxRecordBytes = 24 + _products.MaxLength + 12 + _time.Length + 24 + TailBytes;
    }

    private readonly long[] _prices;

    public override ReadOnlySpan<byte> Header => "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"u8;

    public override int MaxRecordBytes { get; }

    public override Malformation[] Malformations { get; } =
        [Malformation.FieldCount, Malformation.EventTime, Malformation.Number, Malformation.Id, Malformation.Price, Malformation.Encoding];

    public override void Prefetch(int product) => _products.Prefetch(product);

    public override bool Carries(EventKind kind) => kind is EventKind.Purchase or EventKind.Refund;

    public override void BeginSession(int slot, in SessionInfo session)
    {
        var tail = SlotBuffer(slot);
        SetSlotLength(slot, Tail(tail, session.UserId, session.Template, session.Guest));
    }

    private int Tail(Span<byte> tail, long userId, int template, bool guest)
    {
        tail[0] = (byte)',';
        int n = 1;
        if (!guest)
            n += Utf8Text.Int(tail[n..], userId);
        tail[n++] = (byte)',';
        n += Utf8Text.Ascii(tail[n..], Countries.All[_users.All[template].Country].Name);
        tail[n++] = (byte)'\n';
        return n;
    }

    public override int Write(Span<byte> dest, in GenEvent e)
    {
        int n = 0;
        bool refund = e.Kind == EventKind.Refund;
        if (refund)
            dest[n++] = (byte)'C';
        n += Utf8Text.Int(dest[n..], e.InvoiceNo);
        dest[n++] = (byte)',';
        var product = _products[e.Product];
        product.CopyTo(dest[n..]);
        n += product.Length;
        n += Utf8Text.Int(dest[n..], refund ? -e.Quantity : e.Quantity);
        dest[n++] = (byte)',';
        n += _time.Write(dest[n..], e.Second);
        n += Utf8Text.Money(dest[n..], _prices[e.Product]);
        if (e.Slot >= 0)
        {
            var tail = Slot(e.Slot);
            tail.CopyTo(dest[n..]);
            return n + tail.Length;
        }

        return n + Tail(dest[n..], e.UserId, e.Template, e.Guest);
    }

    public override byte[] Corrupt(ReadOnlySpan<byte> record, Malformation how)
    {
        var f = Fields(record);
        switch (how)
        {
            case Malformation.FieldCount:
                f.RemoveAt(7); // no Country: seven fields
                break;
            case Malformation.EventTime:
                f[4] = BadMonth(f[4]);
                break;
            case Malformation.Number:
                f[3] = "six"u8.ToArray();
                break;
            case Malformation.Id:
                f[1] = [];
                break;
            case Malformation.Price:
                f[5] = Concat("-"u8, f[5]);
                break;
            case Malformation.Encoding:
                f[2] = Concat(f[2], [0xC3, 0x28]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(how), how, null);
        }

        return Join(f);
    }
}
