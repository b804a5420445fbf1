using ShopStream.Core.Events;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Processing.Profiles;

/// <summary>Everything the stream keeps about one user: profile counters and the user's open sessions.</summary>
internal sealed partial class UserState(long userId)
{
    public readonly long UserId = userId;
    public EventCounts Counts;
    public long FirstSeen = long.MaxValue;
    public long LastSeen = long.MinValue;
    public int ClosedSessions;
    public int ConvertedSessions;
    public SmallLongSet ViewedProducts;
    public TopValueCounter Categories;
    public TopValueCounter Brands;

    // Sessions that can still grow, owned by SessionWindows: usually one, kept inline; more only when
    // out-of-order events open a session beside an earlier one.
    private OpenSession _firstOpen;
    private OpenSession[]? _moreOpen;
    public int OpenCount;

    /// <summary>The window pane (serial) this user was last counted in, per aggregator: not checkpointed, as a memo of 0 only costs one set probe.</summary>
    public int MinutePane;
    public int HourPane;
    public int RollingPane;

    /// <summary>True while the user has an entry in the session-close queue.</summary>
    public bool QueuedForClose;

    /// <summary>True while the user has an entry in the partition's idle-user queue (to be spilled).</summary>
    public bool QueuedForSpill;

    public int Sessions => ClosedSessions + OpenCount;

    public ref OpenSession OpenAt(int index) => ref index == 0 ? ref _firstOpen : ref _moreOpen![index - 1];

    public ref OpenSession AddOpen(long time)
    {
        if (OpenCount > 0 && (_moreOpen is null || _moreOpen.Length < OpenCount))
            Array.Resize(ref _moreOpen, Math.Max(2, OpenCount * 2));
        ref var slot = ref OpenAt(OpenCount++);
        slot = OpenSession.At(time);
        return ref slot;
    }

    public void RemoveOpenAt(int index)
    {
        ref var last = ref OpenAt(OpenCount - 1);
        OpenAt(index) = last;
        last = default;
        OpenCount--;
    }

    public void Add(in ShopEvent e)
    {
        Counts.Add(e);
        if (e.Type == EventType.View)
            ViewedProducts.Add(e.ProductId);
        FirstSeen = Math.Min(FirstSeen, e.EventTimeTicks);
        LastSeen = Math.Max(LastSeen, e.EventTimeTicks);
        Categories.Add(e.CategoryCode);
        Brands.Add(e.Brand);
    }

    public CustomerProfile ToProfile(SegmentRules rules) => new(
        UserId, Counts.Events, Counts.Views, Counts.Carts, Counts.Removes, Counts.Purchases, Counts.Revenue,
        new DateTime(FirstSeen, DateTimeKind.Utc), new DateTime(LastSeen, DateTimeKind.Utc),
        Sessions, ViewedProducts.Count, Categories.Top(), Brands.Top(), SegmentBy(rules));

    /// <summary>The user's segment by <paramref name="rules"/>, from the counts as they stand.</summary>
    public CustomerSegment SegmentBy(SegmentRules rules) => rules.Classify(Counts.Revenue, Counts.Purchases, Counts.Carts, Counts.Views);
}
