using System.Runtime.InteropServices;

namespace ShopStream.Core.Processing.Profiles;

internal partial struct UserState
{
    /// <summary>
    /// One user's states from separate stretches of the stream (spilled when idle, started again on return) as
    /// one: counts and sessions add, first and last seen take the min and max, viewed products are the union and
    /// categories and brands add their counts, so the profile is exactly that of a user never spilled. The parts
    /// are left as they are (they may be enumerated again).
    /// </summary>
    public static UserState Combine(List<UserState> parts)
    {
        var merged = new UserState(parts[0].UserId);
        foreach (ref readonly var part in CollectionsMarshal.AsSpan(parts))
        {
            merged.Counts.Merge(part.Counts);
            merged.FirstSeen = Math.Min(merged.FirstSeen, part.FirstSeen);
            merged.LastSeen = Math.Max(merged.LastSeen, part.LastSeen);
            merged.ClosedSessions += part.ClosedSessions;
            merged.ConvertedSessions += part.ConvertedSessions;
            merged.ViewedProducts.UnionWith(part.ViewedProducts);
            merged.Categories.AddAll(part.Categories);
            merged.Brands.AddAll(part.Brands);
        }

        return merged;
    }

    public static int CompareById(UserState a, UserState b) => a.UserId.CompareTo(b.UserId);
}
