namespace ShopStream.Core.Processing.Analytics;

/// <summary>Thresholds of the alerts in <c>alerts.csv</c>.</summary>
public sealed record AlertRules
{
    public static AlertRules Default { get; } = new();

    /// <summary>
    /// k: a minute's events or revenue is anomalous when it is more than k robust standard deviations
    /// (1.4826 × MAD) from the median of the baseline.
    /// </summary>
    public decimal Deviations { get; init; } = 3m;

    /// <summary>The baseline of a minute: this many minutes before it.</summary>
    public int BaselineMinutes { get; init; } = 60;

    /// <summary>Minutes of baseline needed before a minute is judged (the stream's first minutes are not).</summary>
    public int MinBaselineMinutes { get; init; } = 30;

    /// <summary>A product's price that is this many times its previous price, or that part of it, is an alert.</summary>
    public decimal PriceChangeRatio { get; init; } = 2m;

    /// <summary>A user with this many distinct orders within <see cref="BurstWindow"/> is an alert.</summary>
    public int BurstOrders { get; init; } = 10;

    public TimeSpan BurstWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>An order worth more than this many times the user's mean previous order is an alert...</summary>
    public decimal OrderValueRatio { get; init; } = 10m;

    /// <summary>...once the user has at least this many previous orders.</summary>
    public int OrderValueMinHistory { get; init; } = 3;

    /// <summary>Stock of a product in a warehouse falling below this is a <c>low_stock</c> alert.</summary>
    public int LowStockBelow { get; init; } = 5;

    /// <summary>Throws <see cref="ArgumentException"/> with a user-facing message when a value is out of range.</summary>
    public void Validate()
    {
        if (Deviations <= 0 || PriceChangeRatio <= 1 || OrderValueRatio <= 0)
            throw new ArgumentException("alert deviations and ratios must be positive (the price change ratio above 1)");
        if (BaselineMinutes < 1 || MinBaselineMinutes < 1 || MinBaselineMinutes > BaselineMinutes)
            throw new ArgumentException($"alert baseline must be 1..{BaselineMinutes} minutes, got {MinBaselineMinutes}");
        if (BurstOrders < 1 || BurstWindow <= TimeSpan.Zero || OrderValueMinHistory < 1)
            throw new ArgumentException("burst orders, burst window and order history must be positive");
    }
}
