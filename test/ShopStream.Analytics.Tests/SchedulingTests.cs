using ShopStream.Analytics.Jobs;
using ShopStream.Analytics.Scheduling;

namespace ShopStream.Analytics.Tests;

public sealed class SchedulingTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Cron_expressions_are_evaluated_in_utc_and_bad_ones_refused()
    {
        var nightly = new CronSchedule("0 0 2 * * ?");
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), nightly.NextAfter(s_start));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 12, 15, 0, TimeSpan.Zero), new CronSchedule("0 */15 * * * ?").NextAfter(s_start));
        Assert.Throws<ArgumentException>(() => new CronSchedule("every night"));
        var neither = Assert.Throws<ArgumentException>(() => new CronSchedule("0 0 2 ? * ?")); // Quartz took it
        Assert.Contains("'?' as both day of month and day of week", neither.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_crontab_expression_is_refused_with_the_Quartz_one_to_write()
    {
        var error = Assert.Throws<ArgumentException>(() => new CronSchedule("0 2 * * *"));
        Assert.Equal("cron expression '0 2 * * *' has 5 fields, the crontab form; ShopStream reads Quartz cron, seconds first: '0 0 2 * * *'", error.Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), new CronSchedule("0 0 2 * * *").NextAfter(s_start)); // the one suggested

        // Numbered days of week differ between the two: said when the expression has them.
        var weekly = Assert.Throws<ArgumentException>(() => new CronSchedule("30 6 * * 1"));
        Assert.Contains("'0 30 6 * * 1' (Quartz numbers days of week 1-7 from Sunday", weekly.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CronFormat", weekly.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scheduler_runs_the_job_at_each_fire_time_of_a_fake_clock_and_never_early()
    {
        var clock = new ManualTimeProvider(s_start);
        var fired = new List<DateTimeOffset>();
        var scheduler = Recording("0 0 * * * ?", clock, fired);
        var running = scheduler.RunAsync(maxRuns: 3);

        Assert.True(SpinWait.SpinUntil(() => clock.PendingTimers == 1, 30_000));
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Empty(fired);
        for (int hour = 1; hour <= 3; hour++)
        {
            clock.Advance(TimeSpan.FromMinutes(hour == 1 ? 1 : 60));
            int expected = hour;
            Assert.True(SpinWait.SpinUntil(() => Count(fired) == expected && (expected == 3 || clock.PendingTimers == 1), 30_000), $"run {hour} did not happen");
        }

        Assert.Equal(3, await running.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal([s_start.AddHours(1), s_start.AddHours(2), s_start.AddHours(3)], fired);
    }

    [Fact]
    public async Task A_fire_time_further_off_than_a_timer_can_wait_is_waited_for_a_day_at_a_time()
    {
        // March 1st, 100 days off: one wait of it failed (a timer waits at most 49.7 days) and the schedule died.
        var clock = new ManualTimeProvider(s_start);
        var fired = new List<DateTimeOffset>();
        var scheduler = Recording("0 0 0 1 3 ?", clock, fired);
        var running = scheduler.RunAsync(maxRuns: 1);

        for (int day = 0; day < 100; day++)
        {
            Assert.True(SpinWait.SpinUntil(() => clock.PendingTimers == 1 || running.IsCompleted, 30_000), $"no wait on day {day}");
            Assert.False(running.IsFaulted, running.Exception?.InnerException?.Message);
            Assert.Empty(fired);
            clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(1, await running.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal([new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero)], fired);
    }

    [Fact]
    public async Task A_timer_that_fires_early_does_not_start_the_run_before_its_fire_time()
    {
        var clock = new ManualTimeProvider(s_start) { Early = TimeSpan.FromMilliseconds(1) };
        var runs = new List<(DateTimeOffset For, DateTimeOffset At)>();
        var scheduler = new JobScheduler(new CronSchedule("0 0 * * * ?"), (at, _) =>
        {
            lock (runs)
                runs.Add((at, clock.GetUtcNow()));
            return Task.CompletedTask;
        }, clock);
        var running = scheduler.RunAsync(maxRuns: 1);
        Assert.True(SpinWait.SpinUntil(() => clock.PendingTimers == 1, 30_000));

        clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1)); // the hour's timer fires here, a millisecond early
        Assert.True(SpinWait.SpinUntil(() => Count(runs) == 1 || clock.PendingTimers == 1, 30_000));
        Assert.Equal(0, Count(runs)); // ran at 00:59:59.999: a midnight run's time (its run id, SCD2 valid_from) fell on the day before
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, await running.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal([(s_start.AddHours(1), s_start.AddHours(1))], runs);
    }

    [Fact]
    public async Task Stopping_in_the_middle_of_a_run_ends_the_schedule_without_an_error()
    {
        // Ctrl+C while a run awaits: the run's cancellation must not escape as an error (it became "unexpected error").
        var clock = new ManualTimeProvider(s_start);
        using var started = new SemaphoreSlim(0);
        using var stop = new CancellationTokenSource();
        var scheduler = new JobScheduler(new CronSchedule("0 0 * * * ?"), async (_, ct) =>
        {
            started.Release();
            await Task.Delay(Timeout.Infinite, ct);
        }, clock);
        var running = scheduler.RunAsync(cancellationToken: stop.Token);
        Assert.True(SpinWait.SpinUntil(() => clock.PendingTimers == 1, 30_000));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(5)), "the run did not start");

        await stop.CancelAsync();

        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_scheduled_gold_run_takes_its_time_from_the_fake_clock_and_a_failing_run_does_not_stop_the_schedule()
    {
        using var lake = GoldLake.FromText(HandMadeData.Clicks);
        var errors = new List<DateTimeOffset>();
        var results = new List<GoldRunResult>();
        int calls = 0;
        var scheduler = new JobScheduler(new CronSchedule("0 30 * * * ?"), async (at, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
                throw new IOException("disk full");
            var run = await new GoldRunner(lake.Storage, new GoldRunOptions { Select = ["daily_kpis"], RetryDelay = TimeSpan.Zero }, lake.Clock).RunAsync(ct);
            lock (results)
                results.Add(run);
        }, lake.Clock) { OnError = (at, _) => errors.Add(at) };
        var running = scheduler.RunAsync(maxRuns: 2);

        Assert.True(SpinWait.SpinUntil(() => lake.Clock.PendingTimers == 1, 30_000));
        lake.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.True(SpinWait.SpinUntil(() => errors.Count == 1 && lake.Clock.PendingTimers == 1, 30_000));
        lake.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, await running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal([s_start.AddMinutes(30)], errors);
        var run = Assert.Single(results);
        Assert.Equal(s_start.AddMinutes(90).UtcDateTime, run.RunTime);
        Assert.Equal(ModelStatus.Succeeded, Assert.Single(run.Models).Status);
    }

    private static int Count<T>(List<T> list)
    {
        lock (list)
            return list.Count;
    }

    // A scheduler on the fake clock whose job notes each fire time it is run for.
    private static JobScheduler Recording(string cron, TimeProvider clock, List<DateTimeOffset> fired) =>
        new(new CronSchedule(cron), (at, _) =>
        {
            lock (fired)
                fired.Add(at);
            return Task.CompletedTask;
        }, clock);
}
