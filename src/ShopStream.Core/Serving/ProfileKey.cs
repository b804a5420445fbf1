using ShopStream.Core.Processing.Profiles;

namespace ShopStream.Core.Serving;

/// <summary>What a live profile search sorts and pages by, gathered per partition before any profile row is built.</summary>
internal readonly record struct ProfileKey(long UserId, decimal Revenue, int Events, long LastSeenTicks)
{
    /// <summary>The key of a profile row as built (to order a page by what it shows).</summary>
    public static ProfileKey Of(CustomerProfile profile) => new(profile.UserId, profile.Revenue, profile.Events, profile.LastSeen.Ticks);
}
