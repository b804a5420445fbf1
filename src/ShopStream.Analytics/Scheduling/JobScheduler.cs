namespace ShopStream.Analytics.Scheduling;

/// <summary>
/// Runs a job on a cron schedule: waits on the <see cref="TimeProvider"/> until the next fire time, runs the job, and
/// repeats. Runs never overlap: a fire time that passes while a run is still going is skipped (the next one after the
/// run's end is taken), as Quartz's "do nothing" misfire policy. A failing run is reported and the schedule goes on.
/// </summary>
public sealed class JobScheduler(CronSchedule schedule, Func<DateTimeOffset, CancellationToken, Task> job, TimeProvider time)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    /// <summary>Called with the fire time and the error when a run throws.</summary>
    public Action<DateTimeOffset, Exception>? OnError { get; init; }

    /// <summary>Runs until cancelled, until the schedule ends, or after <paramref name="maxRuns"/> runs (null: no limit).</summary>
    /// <returns>The number of runs.</returns>
    public async Task<int> RunAsync(int? maxRuns = null, CancellationToken cancellationToken = default)
    {
        int runs = 0;
        while (!cancellationToken.IsCancellationRequested && (maxRuns is null || runs < maxRuns))
        {
            var now = time.GetUtcNow();
            if (schedule.NextAfter(now) is not { } next)
                break;
            try
            {
                // Until the fire time has come by the clock: a timer may fire a millisecond early, and the run's time
                // (its id, SCD2's valid_from) must not fall before it, on the day before for a midnight run.
                // A day at a time at most: a timer waits at most 2^32-2 ms (49.7 days), and a yearly schedule's next
                // fire time further off failed the wait ("The value needs to translate in milliseconds to -1 ...").
                for (var left = next - now; left > TimeSpan.Zero; left = next - time.GetUtcNow())
                    await Task.Delay(left < MaxWait ? left : MaxWait, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                await job(next, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break; // stopped (Ctrl+C) in the middle of a run: the schedule ends as between runs
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                OnError?.Invoke(next, ex);
            }

            runs++;
        }

        return runs;
    }
}
