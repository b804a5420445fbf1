using System.Runtime.InteropServices;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// One row of <c>cart_abandonment_hourly</c>: the sessions that started in an hour of event time, those with at
/// least one cart, and those of them without a purchase (abandoned).
/// </summary>
public readonly record struct CartAbandonment(DateTime WindowStart, long Sessions, long CartSessions, long AbandonedSessions)
{
    /// <summary>Abandoned sessions per session with a cart; 0 without any.</summary>
    public decimal AbandonmentRate => FunnelCounts.Rate(AbandonedSessions, CartSessions);

    /// <summary>Counts sessions by the hour they started in, in hour order.</summary>
    internal static List<CartAbandonment> ByHour(IEnumerable<SessionRecord> sessions, TimeSpan hour)
    {
        var hours = new Dictionary<long, (long Sessions, long Carts, long Abandoned)>();
        foreach (var s in sessions)
        {
            ref var h = ref CollectionsMarshal.GetValueRefOrAddDefault(hours, s.SessionStart.Ticks - s.SessionStart.Ticks % hour.Ticks, out _);
            h.Sessions++;
            h.Carts += s.Carts > 0 ? 1 : 0;
            h.Abandoned += s.IsAbandoned ? 1 : 0;
        }

        return [.. hours.OrderBy(h => h.Key).Select(h => new CartAbandonment(new DateTime(h.Key, DateTimeKind.Utc), h.Value.Sessions, h.Value.Carts, h.Value.Abandoned))];
    }

    /// <summary>The sum of two partitions' counts for the same hour (their sessions are disjoint).</summary>
    internal CartAbandonment Plus(in CartAbandonment other) => this with
    {
        Sessions = Sessions + other.Sessions,
        CartSessions = CartSessions + other.CartSessions,
        AbandonedSessions = AbandonedSessions + other.AbandonedSessions,
    };
}
