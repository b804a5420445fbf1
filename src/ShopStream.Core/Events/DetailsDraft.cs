namespace ShopStream.Core.Events;

/// <summary>
/// The fields of an <see cref="EventDetails"/> while a record is parsed, and the key of <see cref="EventDetailsPool"/>.
/// Money compares with its scale (1.5 is not 1.50), so a shared instance prints as its source wrote it.
/// </summary>
internal struct DetailsDraft : IEquatable<DetailsDraft>
{
    public string? PaymentMethod;
    public decimal? Subtotal;
    public decimal? Tax;
    public decimal? Shipping;
    public decimal? Total;
    public string? Channel;
    public string? UtmSource;
    public string? UtmMedium;
    public string? UtmCampaign;

    public readonly bool IsEmpty => PaymentMethod is null && Subtotal is null && Tax is null && Shipping is null && Total is null
        && Channel is null && UtmSource is null && UtmMedium is null && UtmCampaign is null;

    public readonly EventDetails ToDetails() => new()
    {
        PaymentMethod = PaymentMethod,
        Subtotal = Subtotal,
        Tax = Tax,
        Shipping = Shipping,
        Total = Total,
        Channel = Channel,
        UtmSource = UtmSource,
        UtmMedium = UtmMedium,
        UtmCampaign = UtmCampaign,
    };

    public readonly bool Equals(DetailsDraft other) =>
        PaymentMethod == other.PaymentMethod && Channel == other.Channel && UtmSource == other.UtmSource
        && UtmMedium == other.UtmMedium && UtmCampaign == other.UtmCampaign
        && Same(Subtotal, other.Subtotal) && Same(Tax, other.Tax) && Same(Shipping, other.Shipping) && Same(Total, other.Total);

    public override readonly bool Equals(object? obj) => obj is DetailsDraft other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(PaymentMethod, Channel, UtmCampaign, Subtotal, Tax, Shipping, Total);

    private static bool Same(decimal? a, decimal? b) =>
        a.HasValue == b.HasValue && (!a.HasValue || (a.GetValueOrDefault() == b.GetValueOrDefault() && a.GetValueOrDefault().Scale == b.GetValueOrDefault().Scale));
}
