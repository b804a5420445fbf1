using ShopStream.Core.Ingest;
using Spectre.Console;

namespace ShopStream.Cli.Reporting;

/// <summary>
/// Runs work while showing a progress bar (bytes of input, with events/s) on an interactive terminal.
/// Inputs smaller than <see cref="MinBytes"/> finish too fast for a bar to help, so they run without one.
/// </summary>
internal static class ProgressDisplay
{
    public const long MinBytes = 32L << 20;

    public static T Run<T>(IAnsiConsole console, EventReader reader, bool enabled, Func<T> work)
    {
        long? total = reader.TotalBytes;
        if (!enabled || !console.Profile.Capabilities.Interactive || total is < MinBytes)
            return work();

        var started = DateTime.UtcNow;
        return Show(console, "reading", total ?? 1, work, indeterminate: total is null, update: task =>
        {
            double seconds = Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds);
            task.Value = reader.BytesRead;
            task.Description = $"{reader.Counters.Read:N0} events ({reader.Counters.Read / seconds:N0}/s)";
        });
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a thread of its own under a progress bar of one task, which
    /// <paramref name="update"/> refreshes every 200 ms; returns its result, or throws what it threw, as it threw it.
    /// </summary>
    public static T Show<T>(IAnsiConsole console, string description, double maxValue, Func<T> work, Action<ProgressTask> update, bool indeterminate = false)
    {
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(description, maxValue: maxValue);
                task.IsIndeterminate = indeterminate;
                var running = Task.Run(work);
                // Not Task.Wait, which throws the work's failure wrapped in an AggregateException: a full disk (or a
                // generate's Ctrl+C) under a progress bar was an unexpected error, not what it is without one.
                while (!((IAsyncResult)running).AsyncWaitHandle.WaitOne(200))
                    update(task);

                task.Value = task.MaxValue;
                return running.GetAwaiter().GetResult();
            });
    }
}
