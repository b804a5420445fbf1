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
        var tally = new HourTally(hour);
        foreach (var s in sessions)
            tally.Add(s);
        return tally.Rows();
    }

    /// <summary>Sessions counted one at a time by the hour they started in.</summary>
    internal sealed class HourTally(TimeSpan hour)
    {
        private readonly Dictionary<long, (long Sessions, long Carts, long Abandoned)> _hours = [];

        public void Add(in SessionRecord s)
        {
            ref var h = ref CollectionsMarshal.GetValueRefOrAddDefault(_hours, s.SessionStart.Ticks - s.SessionStart.Ticks % hour.Ticks, out _);
            h.Sessions++;
            h.Carts += s.Carts > 0 ? 1 : 0;
            h.Abandoned += s.IsAbandoned ? 1 : 0;
        }

        /// <summary>The counts so far, in hour order.</summary>
        public List<CartAbandonment> Rows() =>
            [.. _hours.OrderBy(h => h.Key).Select(h => new CartAbandonment(new DateTime(h.Key, DateTimeKind.Utc), h.Value.Sessions, h.Value.Carts, h.Value.Abandoned))];
    }

    /// <summary>The sum of two partitions' counts for the same hour (their sessions are disjoint).</summary>
    internal CartAbandonment Plus(in CartAbandonment other) => this with
    {
        Sessions = Sessions + other.Sessions,
        CartSessions = CartSessions + other.CartSessions,
        AbandonedSessions = AbandonedSessions + other.AbandonedSessions,
    };
}
