namespace ShopStream.Core.Processing.Profiles;

/// <summary>Segment thresholds (SPEC "Customer profile"); the first rule that matches wins.</summary>
public sealed record SegmentRules
{
    public static SegmentRules Default { get; } = new();

    public static IReadOnlyList<CustomerSegment> All { get; } =
        [CustomerSegment.HighValue, CustomerSegment.Converting, CustomerSegment.Interested, CustomerSegment.ActiveBrowser, CustomerSegment.Casual];

    private static readonly Dictionary<string, CustomerSegment> s_byName = All.ToDictionary(Name, StringComparer.Ordinal);

    public decimal HighValueRevenue { get; init; } = 1000m;
    public int ConvertingPurchases { get; init; } = 1;
    public int InterestedCarts { get; init; } = 1;
    public int ActiveBrowserViews { get; init; } = 5;

    public CustomerSegment Classify(decimal revenue, int purchases, int carts, int views) =>
        revenue >= HighValueRevenue ? CustomerSegment.HighValue
        : purchases >= ConvertingPurchases ? CustomerSegment.Converting
        : carts >= InterestedCarts ? CustomerSegment.Interested
        : views >= ActiveBrowserViews ? CustomerSegment.ActiveBrowser
        : CustomerSegment.Casual;

    public static string Name(CustomerSegment segment) => segment switch
    {
        CustomerSegment.HighValue => "high_value",
        CustomerSegment.Converting => "converting",
        CustomerSegment.Interested => "interested",
        CustomerSegment.ActiveBrowser => "active_browser",
        CustomerSegment.Casual => "casual",
        _ => throw new ArgumentOutOfRangeException(nameof(segment), segment, null),
    };

    /// <summary>The segment SPEC calls <paramref name="name"/> (the inverse of <see cref="Name"/>), or null for any other name.</summary>
    public static CustomerSegment? Parse(string? name) => name is not null && s_byName.TryGetValue(name, out var segment) ? segment : null;
}
