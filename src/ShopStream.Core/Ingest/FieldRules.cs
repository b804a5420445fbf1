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
    /// The largest price (and order amount) accepted, a billion (a car in rupiah): more is <c>price</c>, as a negative
    /// one is. A price of 5·10^28 was accepted, and its revenue overflowed <c>decimal</c>, stopping every later run of
    /// the input.
    /// </summary>
    public const decimal MaxPrice = 1_000_000_000m;

    /// <summary>The largest quantity accepted either way (negative ones are returns): more is <c>number</c>, out of range.</summary>
    public const int MaxQuantity = 1_000_000;

    /// <summary>
    /// The largest revenue one line may bring, |price × quantity|, 10^12: more is <c>price</c>. So one record always
    /// fits the lake's money columns (<c>gold/run_summary</c>'s revenue is <c>decimal(18,4)</c>, under 10^14; the
    /// others <c>decimal(18,2)</c>), and no sum of a run's lines can overflow <c>decimal</c>.
    /// </summary>
    public const decimal MaxLineRevenue = 1_000_000_000_000m;

    /// <summary>A price: unparseable is <c>number</c>, negative or above <see cref="MaxPrice"/> is <c>price</c>.</summary>
    public static RejectReason Price(ReadOnlySpan<byte> s, out decimal price)
    {
        if (!Utf8Numbers.TryParseDecimal(s, out price))
            return Unparsed(s);
        return Price(price);
    }

    /// <summary>
    /// Why a price that <c>decimal</c> could not take is refused: <c>price</c> for a number beyond its range (8e28 was
    /// <c>number</c>, "unparseable", where 7e28 was <c>price</c>), else <c>number</c>.
    /// </summary>
    public static RejectReason Unparsed(ReadOnlySpan<byte> s) => Utf8Numbers.IsBeyondDecimal(s) ? RejectReason.Price : RejectReason.Number;

    /// <inheritdoc cref="Price(ReadOnlySpan{byte}, out decimal)"/>
    public static RejectReason Price(decimal price) => price is >= 0 and <= MaxPrice ? RejectReason.None : RejectReason.Price;

    /// <summary>A line of a valid price and quantity: a revenue beyond <see cref="MaxLineRevenue"/> is <c>price</c>.</summary>
    public static RejectReason Line(decimal price, int quantity) => price * Math.Abs((long)quantity) <= MaxLineRevenue ? RejectReason.None : RejectReason.Price;

    /// <summary>A quantity: beyond <see cref="MaxQuantity"/> either way is <c>number</c>.</summary>
    public static RejectReason Quantity(int quantity) => quantity is >= -MaxQuantity and <= MaxQuantity ? RejectReason.None : RejectReason.Number;
}
