namespace ShopStream.Generator;

/// <summary>
/// The shopping funnel. <see cref="View"/>, <see cref="Cart"/> and <see cref="Purchase"/> are the shares of those
/// three event types among themselves (normalised, so they need not sum to 1); the defaults are the REES46
/// electronics store's (793,748 view, 54,035 cart, 37,346 purchase: 89.7%, 6.1%, 4.2%). The other rates add
/// events around them without changing those shares.
/// </summary>
public sealed record FunnelRates
{
    public static readonly FunnelRates Rees46Electronics = new();

    public double View { get; init; } = 0.897;
    public double Cart { get; init; } = 0.061;
    public double Purchase { get; init; } = 0.042;

    /// <summary>Share of cart lines later removed (<c>remove_from_cart</c>) instead of bought or abandoned.</summary>
    public double Remove { get; init; } = 0.12;

    /// <summary>Searches per session (JSON lines only; the other formats cannot carry them).</summary>
    public double Search { get; init; } = 0.35;

    /// <summary>Mean product views per session, over every behaviour profile.</summary>
    public double ViewsPerSession { get; init; } = 1.64;

    /// <summary>
    /// Chance that a user comes back for another session after each one. With the defaults a user has
    /// 1 / (1 - 0.18) ≈ 1.22 sessions of ≈ 1.8 events: ≈ 2.2 events per user, as in the REES46 electronics data.
    /// </summary>
    public double Return { get; init; } = 0.18;

    /// <summary>Share of orders cancelled later (a <c>refund</c>; a <c>C</c> invoice in the orders format).</summary>
    public double Cancel { get; init; } = 0.02;

    /// <summary>Carts per view: Cart / View.</summary>
    internal double CartsPerView => Cart / View;

    /// <summary>Purchases per cart event: Purchase / Cart.</summary>
    internal double PurchasesPerCart => Purchase / Cart;

    public void Validate()
    {
        Check(View > 0 && Cart >= 0 && Purchase >= 0 && double.IsFinite(View + Cart + Purchase), "funnel shares: the view share must be above 0, the cart and purchase shares 0 or more");
        Check(Cart > 0 || Purchase == 0, "purchases need carts: the purchase share must be 0 when the cart share is");
        // Each cart line is bought, removed (the remove rate) or left: purchases are at most the rest of the carts.
        Check(Cart == 0 || PurchasesPerCart + Remove <= 1,
            $"the purchase share can be at most {1 - Remove:0.##} of the cart share (the generator buys only carted lines, and removes {Remove:0.##} of them), got purchases {Purchase:0.###} for carts {Cart:0.###} ({PurchasesPerCart:0.##} purchases per cart)");
        Check(CartsPerView <= 3, "at most 3 carts per view");
        Check(Remove is >= 0 and <= 1, "the remove rate must be within 0..1");
        Check(Search is >= 0 and <= 5, "searches per session must be within 0..5");
        Check(ViewsPerSession is >= 1 and <= 50, "views per session must be within 1..50");
        Check(Return is >= 0 and < 1, "the return rate must be within 0..1 (exclusive)");
        Check(Cancel is >= 0 and <= 1, "the cancel rate must be within 0..1");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
            throw new ArgumentException(message);
    }
}
