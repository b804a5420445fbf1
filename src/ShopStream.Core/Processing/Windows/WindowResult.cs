namespace ShopStream.Core.Processing.Windows;

/// <summary>One window's metrics: a row of <c>gold/minute_metrics</c> or <c>gold/hourly_metrics</c> (SPEC "Time windows").</summary>
public readonly record struct WindowResult(
    DateTime WindowStart,
    DateTime WindowEnd,
    long Events,
    long Views,
    long Carts,
    long Removes,
    long Purchases,
    decimal Revenue,
    long Users,
    WindowResultKind Kind)
{
    /// <summary>Carts per view (funnel step 1); 0 without views.</summary>
    public decimal ViewToCartRate => Views == 0 ? 0 : (decimal)Carts / Views;

    /// <summary>Purchases per cart (funnel step 2); 0 without carts.</summary>
    public decimal CartToPurchaseRate => Carts == 0 ? 0 : (decimal)Purchases / Carts;

    /// <summary>The sum of two partitions' results for the same window (their users are disjoint, so users add).</summary>
    public WindowResult Plus(in WindowResult other) => this with
    {
        Events = Events + other.Events,
        Views = Views + other.Views,
        Carts = Carts + other.Carts,
        Removes = Removes + other.Removes,
        Purchases = Purchases + other.Purchases,
        Revenue = Revenue + other.Revenue,
        Users = Users + other.Users,
    };
}
