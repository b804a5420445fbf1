using System.Diagnostics.CodeAnalysis;
using ShopStream.Core.Events;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Processing.Profiles;

/// <summary>
/// Everything the stream keeps about one user: profile counters and the user's open sessions. A struct, held in
/// place in its partition's <see cref="UserTable"/> (and copied only on the way to the spill and to the results),
/// so millions of users are a few large arrays for the collector rather than millions of objects it must copy
/// and mark; only the rare overflow (a third viewed product, category or brand, a second open session) allocates.
/// </summary>
internal partial struct UserState
{
    /// <summary>Set once, by <see cref="Begin"/>.</summary>
    public long UserId;
    public EventCounts Counts;
    public long FirstSeen;
    public long LastSeen;
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

    public UserState(long userId) => Begin(userId);

    public readonly int Sessions => ClosedSessions + OpenCount;

    /// <summary>
    /// Makes this zeroed state (a fresh or freed table slot) a new user's, in place: assigning a whole new state
    /// would copy it under the collector's write barrier, as the struct holds references.
    /// </summary>
    public void Begin(long userId)
    {
        UserId = userId;
        FirstSeen = long.MaxValue;
        LastSeen = long.MinValue;
    }

    /// <summary>The open session at <paramref name="index"/>, to change in place (the user must be a variable: a table slot or a local).</summary>
    [UnscopedRef]
    public ref OpenSession OpenAt(int index) => ref index == 0 ? ref _firstOpen : ref _moreOpen![index - 1];

    /// <summary>A copy of the open session at <paramref name="index"/>, for readers.</summary>
    public readonly OpenSession Open(int index) => index == 0 ? _firstOpen : _moreOpen![index - 1];

    [UnscopedRef]
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

    public readonly CustomerProfile ToProfile(SegmentRules rules) => new(
        UserId, Counts.Events, Counts.Views, Counts.Carts, Counts.Removes, Counts.Purchases, Counts.Revenue,
        new DateTime(FirstSeen, DateTimeKind.Utc), new DateTime(LastSeen, DateTimeKind.Utc),
        Sessions, ViewedProducts.Count, Categories.Top(), Brands.Top(), SegmentBy(rules));

    /// <summary>The user's segment by <paramref name="rules"/>, from the counts as they stand.</summary>
    public readonly CustomerSegment SegmentBy(SegmentRules rules) => rules.Classify(Counts.Revenue, Counts.Purchases, Counts.Carts, Counts.Views);
}
