using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Tests.Sessions;

/// <summary>The output order of closed sessions: user, start, then closing order, as a sort by the three keys gives.</summary>
public sealed class ClosedSessionOrderTests
{
    [Theory]
    [InlineData(1_000, 300, 5)] // a few sessions a user: sorted by insertion
    [InlineData(2_000, 3, 40)] // many a user: sorted with a key array
    [InlineData(10_000, 3_000, 5)] // the list in three chunks
    public void Sessions_are_ordered_by_user_start_and_closing_order(int count, int users, int starts)
    {
        var random = new Random(7);
        var t0 = new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var closed = new SessionRecord[count];
        for (int i = 0; i < count; i++)
        {
            var start = t0.AddMinutes(random.Next(starts)); // few starts, so ties on (user, start) are common
            closed[i] = new SessionRecord(random.Next(1, users + 1), start, start.AddMinutes(i), i, 0, 0, 0, 0m);
        }

        var expected = closed.Select((s, i) => (Session: s, Position: i))
            .OrderBy(x => new SessionSortKey(x.Session.UserId, x.Session.SessionStart.Ticks, x.Position))
            .ToArray();

        var list = new ChunkedList<SessionRecord>();
        foreach (var s in closed)
            list.Add(s);

        int[] positions = ClosedSessionOrder.Of(list, TimeSpan.FromMinutes(30), out _);

        Assert.Equal(expected.Select(x => x.Position), positions);
    }

    [Theory]
    [InlineData(50, false)] // 40 minutes after the first ends
    [InlineData(40, true)] // 30 minutes after: within the gap
    [InlineData(5, true)] // inside the first
    public void Sessions_to_join_are_told_as_they_are_sorted(int secondStartMinutes, bool joinable)
    {
        var t0 = new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var list = new ChunkedList<SessionRecord>();
        list.Add(new SessionRecord(2, t0, t0.AddMinutes(100), 1, 1, 0, 0, 0m)); // another user's, overlapping in time
        list.Add(new SessionRecord(1, t0.AddMinutes(secondStartMinutes), t0.AddMinutes(secondStartMinutes + 1), 1, 1, 0, 0, 0m));
        list.Add(new SessionRecord(1, t0, t0.AddMinutes(10), 1, 1, 0, 0, 0m));

        ClosedSessionOrder.Of(list, TimeSpan.FromMinutes(30), out bool found);

        Assert.Equal(joinable, found);
    }
}
