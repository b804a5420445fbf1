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

        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("reading", maxValue: total ?? 1);
                task.IsIndeterminate = total is null;
                var started = DateTime.UtcNow;
                var running = Task.Run(work);
                // Not Task.Wait, which throws the run's failure wrapped in an AggregateException: a full disk under a
                // progress bar was an unexpected error, not the one-line I/O failure it is without one.
                while (!((IAsyncResult)running).AsyncWaitHandle.WaitOne(200))
                {
                    double seconds = Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds);
                    task.Value = reader.BytesRead;
                    task.Description = $"{reader.Counters.Read:N0} events ({reader.Counters.Read / seconds:N0}/s)";
                }

                task.Value = task.MaxValue;
                return running.GetAwaiter().GetResult();
            });
    }
}
