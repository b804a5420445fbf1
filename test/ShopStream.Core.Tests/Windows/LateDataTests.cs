using System.Text.Json;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Windows;
using ShopStream.Testing;

namespace ShopStream.Core.Tests.Windows;

/// <summary>Out-of-order and late events: inside lateness they update their window, beyond it they are dead-lettered.</summary>
public sealed class LateDataTests
{
    private static readonly DateTime s_ten = new(2019, 10, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Late_event_within_lateness_is_counted_in_its_window()
    {
        var run = new StreamDriver()
            .Pipe(s_ten.AddMinutes(10))
            .Pipe(s_ten.AddHours(3)) // watermark 12:55: the 10:00 hour has ended
            .Pipe(s_ten.AddMinutes(20), user: 2)
            .Run();

        Assert.Equal((2L, 2L), (run.HourAt(s_ten).Events, run.HourAt(s_ten).Users));
        Assert.Equal(1, run.Summary.LateEvents);
        Assert.Equal(0, run.Summary.LateEventsDropped);
        Assert.Empty(run.DeadLetters);
    }

    [Fact]
    public void A_duplicate_behind_the_watermark_is_a_duplicate_not_a_late_event()
    {
        var run = new StreamDriver()
            .Pipe(s_ten)
            .Pipe(s_ten.AddMinutes(10), user: 2) // watermark 10:05
            .Pipe(s_ten) // a copy of the first event, now behind the watermark
            .Run();

        Assert.Equal(1, run.Summary.DuplicatesDropped);
        Assert.Equal(0, run.Summary.LateEvents); // SPEC leaves a duplicate out of every metric: it was counted late too
    }

    [Fact]
    public void With_the_defaults_a_copy_two_hours_beyond_lateness_is_beyond_the_dedup_horizon_too_so_late_and_no_duplicate()
    {
        // The README's claim: a copy well beyond the lateness is late only (within the minute at the edge it is both).
        var run = new StreamDriver()
            .Pipe(s_ten.AddMinutes(5))
            .Pipe(s_ten.AddHours(50), user: 2) // watermark 11:55 two days on: the 10:00 hour's lateness has passed
            .Pipe(s_ten.AddMinutes(5)) // a copy of the first event
            .Run();

        Assert.Equal((0L, 1L), (run.Summary.DuplicatesDropped, run.Summary.LateEventsDropped));
        Assert.Equal("late", JsonDocument.Parse(Assert.Single(run.DeadLetters)).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public void Event_beyond_lateness_is_dropped_from_windows_dead_lettered_and_still_profiled()
    {
        var run = new StreamDriver()
            .Pipe(s_ten)
            .Pipe(s_ten.AddDays(3)) // watermark three days on: 48 h lateness has passed for day one
            .Pipe(s_ten.AddHours(1), product: 2)
            .Run();

        Assert.Equal(1, run.Summary.LateEventsDropped);
        Assert.DoesNotContain(run.Hours, h => h.WindowStart == s_ten.AddHours(1));
        var dead = JsonDocument.Parse(Assert.Single(run.DeadLetters)).RootElement;
        Assert.Equal("late", dead.GetProperty("reason").GetString());
        Assert.Equal(4, dead.GetProperty("line").GetInt64()); // header is line 1
        Assert.StartsWith("2019-10-01 11:00:00 UTC,view,2,", dead.GetProperty("raw").GetString());
        Assert.Equal(3, Assert.Single(run.Result.Profiles).Events);
        Assert.Equal(run.Summary.EventsRead, run.Summary.EventsAccepted + run.Summary.EventsRejected);
    }

    [Fact]
    public void Event_just_inside_lateness_is_kept_and_just_beyond_is_dropped()
    {
        var options = new PipelineOptions { Partitions = 1, ParseThreads = 1, Late = LatePolicy.Drop(TimeSpan.FromHours(1)) };
        var disorder = options.AllowedDisorder;
        var head = s_ten.AddHours(5);
        var run = new StreamDriver(options)
            .Pipe(head)
            .Pipe(head - disorder - TimeSpan.FromHours(1), product: 2) // exactly the lateness behind the watermark
            .Pipe(head - disorder - TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1), product: 3)
            .Run();

        Assert.Equal(1, run.Summary.LateEventsDropped);
        Assert.Equal(2, run.Hours.Sum(h => h.Events));
    }

    [Fact]
    public void Update_policy_emits_an_early_result_then_a_final_one_with_the_late_data()
    {
        var emitted = new List<WindowResult>();
        var hours = new WindowAggregator(TumblingWindow.Of(TimeSpan.FromHours(1)), LatePolicy.Update(TimeSpan.FromHours(2)), emitted.Add);
        var late = LatePolicy.Update(TimeSpan.FromHours(2));

        hours.Add(Events.At(s_ten.AddMinutes(5)));
        hours.Advance(s_ten.AddMinutes(61).Ticks); // past the end: early result
        hours.Add(Events.At(s_ten.AddMinutes(30), user: 2));
        Assert.False(late.IsTooLate(s_ten.AddMinutes(30).Ticks, s_ten.AddMinutes(61).Ticks));
        hours.Advance(s_ten.AddHours(3).AddMinutes(1).Ticks); // past end + lateness: final

        Assert.Equal(
            [(WindowResultKind.Early, 1L), (WindowResultKind.Final, 2L)],
            emitted.Select(r => (r.Kind, r.Events)));
        Assert.Equal(2, Assert.Single(hours.Finals).Users);
    }

    [Fact]
    public void Drop_policy_emits_only_final_results()
    {
        var emitted = new List<WindowResult>();
        var minutes = new WindowAggregator(TumblingWindow.Of(TimeSpan.FromMinutes(1)), LatePolicy.Drop(TimeSpan.Zero), emitted.Add);

        minutes.Add(Events.At(s_ten));
        minutes.Advance(s_ten.AddMinutes(1).Ticks + 1);

        Assert.Equal(WindowResultKind.Final, Assert.Single(emitted).Kind);
    }
}
