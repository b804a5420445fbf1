using ShopStream.Core.Events;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Serving;

/// <summary>
/// The summary's counts gathered from the partitions' live state: open sessions count as they stand (as if the input
/// ended now), closed ones as written.
/// </summary>
internal sealed class LiveTotals
{
    public readonly long[] ByType = new long[EventTypes.Count];
    public readonly long[] Segments = new long[SegmentRules.All.Count];
    public long Duplicates;
    public long LateEvents;
    public long Users;
    public long Sessions;
    public long ConvertedSessions;
    public long CartSessions;
    public long AbandonedSessions;
    public long PurchasingUsers;
    public decimal Revenue;

    public void AddUser(in UserState user, SegmentRules rules)
    {
        ref readonly var c = ref user.Counts;
        Users++;
        Segments[(int)user.SegmentBy(rules)]++;
        PurchasingUsers += c.Purchases > 0 ? 1 : 0;
        Revenue += c.Revenue;
        Sessions += user.Sessions;
        ConvertedSessions += user.ConvertedSessions;
        for (int i = 0; i < user.OpenCount; i++)
        {
            var open = user.Open(i).Counts;
            ConvertedSessions += open.Purchases > 0 ? 1 : 0;
            CartSessions += open.Carts > 0 ? 1 : 0;
            AbandonedSessions += open.Carts > 0 && open.Purchases == 0 ? 1 : 0;
        }
    }

    public void AddClosedSession(in SessionRecord session)
    {
        CartSessions += session.Carts > 0 ? 1 : 0;
        AbandonedSessions += session.IsAbandoned ? 1 : 0;
    }
}
