namespace ShopStream.Core.Serving;

/// <summary>What a live profile search sorts and pages by, gathered per partition before any profile row is built.</summary>
internal readonly record struct ProfileKey(long UserId, decimal Revenue, int Events, long LastSeenTicks);
