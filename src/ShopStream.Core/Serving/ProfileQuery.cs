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

    public decimal? MinRevenue { get; init; }

    public ProfileSort Sort { get; init; } = ProfileSort.UserId;

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;

    /// <summary>How many matches the pages before this one hold.</summary>
    public long Skip => (long)(Page - 1) * PageSize;

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
