using ShopStream.Core.Text;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Ingest;

/// <summary>SPEC's validation rules for single fields, shared by every format's parser.</summary>
internal static class FieldRules
{
    /// <summary>A required id: unparseable is <c>number</c>, zero or negative is <c>id</c>.</summary>
    public static RejectReason RequiredId(ReadOnlySpan<byte> s, out long id)
    {
        if (!Utf8Numbers.TryParseInt64(s, out id))
            return s.IsEmpty ? RejectReason.Id : RejectReason.Number;
        return id > 0 ? RejectReason.None : RejectReason.Id;
    }

    /// <summary>An optional id: empty is 0 (absent).</summary>
    public static RejectReason OptionalId(ReadOnlySpan<byte> s, out long id)
    {
        id = 0;
        return s.IsEmpty ? RejectReason.None : RequiredId(s, out id);
    }

    /// <summary>A price: unparseable is <c>number</c>, negative is <c>price</c>.</summary>
    public static RejectReason Price(ReadOnlySpan<byte> s, out decimal price)
    {
        if (!Utf8Numbers.TryParseDecimal(s, out price))
            return RejectReason.Number;
        return price >= 0 ? RejectReason.None : RejectReason.Price;
    }
}
