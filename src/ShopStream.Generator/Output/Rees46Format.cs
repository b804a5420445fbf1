using ShopStream.Generator.Model;

namespace ShopStream.Generator.Output;

/// <summary>
/// REES46 CSV, <c>event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session</c>.
/// Its nine columns carry views, carts, removals and purchases; searches and refunds have no place and are skipped.
/// A row is a cached time, a constant type, the product's pre-rendered columns and the session's pre-rendered tail.
/// </summary>
internal sealed class Rees46Format : RecordFormat
{
    private const int TailBytes = 80; // ",user_id,uuid\n" and copy slack
    private readonly TimeText _time = new((byte)' ', " UTC,"u8.ToArray());
    private readonly ByteTable _products;
    private static readonly ByteTable s_types = new(4, k => GeneratorNames.Name((EventKind)k) + ",");

    public Rees46Format(Catalog catalog)
        : base(TailBytes)
    {
        _products = new ByteTable(catalog.Count, p =>
            $"{catalog.ProductIds[p]},{catalog.CategoryId(p)},{catalog.CategoryCode(p)},{catalog.Brand[p]},{catalog.PriceCents[p] / 100}.{catalog.PriceCents[p] % 100:00}");
        MaxRecordBytes = _time.Length + 20 + _products.MaxLength + TailBytes + SmallCopy.Slack;
    }

    public override ReadOnlySpan<byte> Header => "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n"u8;

    public override int MaxRecordBytes { get; }

    public override Malformation[] Malformations { get; } =
        [Malformation.FieldCount, Malformation.EventTime, Malformation.EventType, Malformation.Number, Malformation.Id, Malformation.Price, Malformation.Encoding];

    public override void Prefetch(int product) => _products.Prefetch(product);

    public override bool Carries(EventKind kind) => kind is EventKind.View or EventKind.Cart or EventKind.RemoveFromCart or EventKind.Purchase;

    public override void BeginSession(int slot, in SessionInfo session)
    {
        var tail = SlotBuffer(slot);
        tail[0] = (byte)',';
        int n = 1 + Utf8Text.Int(tail[1..], session.UserId);
        tail[n++] = (byte)',';
        n += Utf8Text.Uuid(tail[n..], session.SessionHi, session.SessionLo);
        tail[n++] = (byte)'\n';
        SetSlotLength(slot, n);
    }

    public override int Write(Span<byte> dest, in GenEvent e)
    {
        int n = _time.Write(dest, e.Second);
        n += s_types.CopyTo((int)e.Kind, dest[n..]);
        n += _products.CopyTo(e.Product, dest[n..]);
        return n + CopySlot(e.Slot, dest[n..]);
    }

    public override byte[] Corrupt(ReadOnlySpan<byte> record, Malformation how)
    {
        var f = Fields(record);
        switch (how)
        {
            case Malformation.FieldCount:
                f.RemoveAt(5); // the brand column goes missing: eight fields
                break;
            case Malformation.EventTime:
                f[0] = BadMonth(f[0]);
                break;
            case Malformation.EventType:
                f[1] = "click"u8.ToArray();
                break;
            case Malformation.Number:
                f[6] = "n/a"u8.ToArray();
                break;
            case Malformation.Id:
                f[7] = "0"u8.ToArray();
                break;
            case Malformation.Price:
                f[6] = Concat("-"u8, f[6]);
                break;
            case Malformation.Encoding:
                f[5] = Concat(f[5], [0xFF, 0xFE]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(how), how, null);
        }

        return Join(f);
    }
}
