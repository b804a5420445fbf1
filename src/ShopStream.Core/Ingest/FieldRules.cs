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

    /// <summary>
    /// The largest price (and order amount) accepted, a billion: more is <c>price</c>, as a negative one is. With
    /// <see cref="MaxQuantity"/> it keeps a line's revenue under 10^15, so no sum of a run's lines can overflow
    /// <c>decimal</c> (a price of 5·10^28 was accepted, and its revenue stopped every later run of the input), and every
    /// price fits the lake's <c>decimal(18,4)</c>.
    /// </summary>
    public const decimal MaxPrice = 1_000_000_000m;

    /// <summary>The largest quantity accepted either way (negative ones are returns): more is <c>number</c>, out of range.</summary>
    public const int MaxQuantity = 1_000_000;

    /// <summary>A price: unparseable is <c>number</c>, negative or above <see cref="MaxPrice"/> is <c>price</c>.</summary>
    public static RejectReason Price(ReadOnlySpan<byte> s, out decimal price)
    {
        if (!Utf8Numbers.TryParseDecimal(s, out price))
            return RejectReason.Number;
        return Price(price);
    }

    /// <inheritdoc cref="Price(ReadOnlySpan{byte}, out decimal)"/>
    public static RejectReason Price(decimal price) => price is >= 0 and <= MaxPrice ? RejectReason.None : RejectReason.Price;

    /// <summary>A quantity: beyond <see cref="MaxQuantity"/> either way is <c>number</c>.</summary>
    public static RejectReason Quantity(int quantity) => quantity is >= -MaxQuantity and <= MaxQuantity ? RejectReason.None : RejectReason.Number;
}
