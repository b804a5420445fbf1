using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Serving;

/// <summary>
/// A profile search: optional filters, a sort order and a page. Pages are numbered from 1; the order is total
/// (ties are broken by user id) so paging through a store that does not change sees every match exactly once.
/// </summary>
public sealed record ProfileQuery
{
    /// <summary>The largest page a caller may ask for; bigger requests are refused, not silently cut.</summary>
    public const int MaxPageSize = 1000;

    public CustomerSegment? Segment { get; init; }

    /// <summary>Profiles whose revenue, as shown (rounded to cents, half away from zero), is at least this.</summary>
    public decimal? MinRevenue { get; init; }

    public ProfileSort Sort { get; init; } = ProfileSort.UserId;

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;

    /// <summary>How many matches the pages before this one hold.</summary>
    public long Skip => (long)(Page - 1) * PageSize;

    /// <summary>
    /// Whether an exact revenue passes <see cref="MinRevenue"/>. Stores that hold revenue rounded (the run folder's
    /// CSV, the lake's <c>decimal(18,2)</c>) compare what they hold; stores of exact revenue (live state, PostgreSQL)
    /// round first, or compare with <see cref="ExactRevenueBound"/>, so that every store returns the same profiles: a
    /// revenue of 3.015, shown as 3.02, passed <c>min_revenue=3.02</c> from files and not from PostgreSQL.
    /// </summary>
    public bool PassesMinRevenue(decimal revenue) =>
        MinRevenue is not { } min || ShownRevenue(revenue) >= min;

    /// <summary>A revenue as every store shows it: rounded to cents, half away from zero (what sort=revenue orders by).</summary>
    public static decimal ShownRevenue(decimal revenue) => Math.Round(revenue, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// <see cref="PassesMinRevenue"/> as a bound on exact revenue, for SQL: a revenue passes when it is at least
    /// <c>Bound</c> (<c>Inclusive</c>) or above it. Null without a minimum.
    /// </summary>
    public (decimal Bound, bool Inclusive)? ExactRevenueBound
    {
        get
        {
            if (MinRevenue is not { } min)
                return null;
            if (min >= 1e18m)
                return (min, true); // beyond any revenue's cents: nothing to round
            decimal cents = MinShownRevenue!.Value;
            // A shown value of c >= 0.01 comes from c - 0.005 up (half away from zero); 0.00 from above -0.005.
            return cents > 0 ? (cents - 0.005m, true) : (-0.005m, false);
        }
    }

    /// <summary>
    /// The least revenue as shown (in cents) that passes <see cref="MinRevenue"/>: what a store of revenue in cents (the
    /// lake's <c>decimal(18,2)</c>) compares with. Null without a minimum.
    /// </summary>
    public decimal? MinShownRevenue => MinRevenue is not { } min ? null
        : min >= 1e18m ? min // beyond any revenue's cents (and where cents would overflow): nothing to round
        : Math.Ceiling(min * 100) / 100;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a page below 1, a page size outside 1..<see cref="MaxPageSize"/>, or a negative minimum revenue.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Page, 1, nameof(Page));
        ArgumentOutOfRangeException.ThrowIfLessThan(PageSize, 1, nameof(PageSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PageSize, MaxPageSize, nameof(PageSize));
        if (MinRevenue is < 0)
            throw new ArgumentOutOfRangeException(nameof(MinRevenue), MinRevenue, "The minimum revenue cannot be negative.");
    }
}
