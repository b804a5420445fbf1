using ShopStream.Core.Processing.Windows;

namespace ShopStream.Core.Tests.Windows;

/// <summary>The per-user memo of the pane last counted keeps distinct users exact: out of order, and across reused panes.</summary>
public sealed class UserPaneMemoTests
{
    private static readonly DateTime s_t0 = new(2020, 1, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_user_back_in_an_earlier_pane_is_not_counted_twice_and_a_new_user_there_is_counted()
    {
        var minutes = new WindowAggregator(TumblingWindow.Of(TimeSpan.FromMinutes(1)), LatePolicy.Drop(TimeSpan.FromMinutes(5)));
        int memo1 = 0, memo2 = 0;
        minutes.Add(Events.At(s_t0.AddSeconds(10), user: 1), ref memo1);
        minutes.Add(Events.At(s_t0.AddSeconds(70), user: 1), ref memo1);
        minutes.Add(Events.At(s_t0.AddSeconds(20), user: 1), ref memo1); // out of order, back in the first minute
        minutes.Add(Events.At(s_t0.AddSeconds(30), user: 2), ref memo2);
        minutes.Add(Events.At(s_t0.AddSeconds(80), user: 2), ref memo2);
        minutes.Add(Events.At(s_t0.AddSeconds(90), user: 2), ref memo2);
        minutes.Flush();

        Assert.Equal([(3L, 2L), (3L, 2L)], minutes.Finals.Select(f => (f.Events, f.Users)));
    }

    [Fact]
    public void A_memo_of_an_evicted_pane_does_not_match_the_pane_object_reused_for_a_later_minute()
    {
        var minutes = new WindowAggregator(TumblingWindow.Of(TimeSpan.FromMinutes(1)), LatePolicy.Drop(TimeSpan.Zero));
        int memo = 0;
        minutes.Add(Events.At(s_t0, user: 1), ref memo);
        minutes.Advance(s_t0.AddMinutes(2).Ticks); // the first minute is final and its pane goes back to the spares
        minutes.Add(Events.At(s_t0.AddMinutes(3), user: 1), ref memo);
        minutes.Flush();

        Assert.Equal([1L, 1L], minutes.Finals.Select(f => f.Users));
    }
}
