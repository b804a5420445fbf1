using ShopStream.Cli.Commands;

namespace ShopStream.Cli;

/// <summary>
/// An error no command turned into its line: a disk error from work done on several threads (an
/// <see cref="AggregateException"/> around it), or a bug. Still one <c>shopstream: ...</c> line and exit 1, as the
/// exit-code contract says; <c>SHOPSTREAM_DEBUG=1</c> adds the stack trace. System.CommandLine's own handler printed
/// "Unhandled exception:" and the whole trace.
/// </summary>
internal static class UnexpectedError
{
    public static int Exit(Exception ex)
    {
        if (ex is AggregateException aggregate)
            ex = aggregate.Flatten().InnerExceptions[0]; // the first writer's error; the others are most often the same
        if (ex is IOException or UnauthorizedAccessException or InvalidDataException) // a disk's error, or data a file cannot hold
            return JobRunner.Fail(ExitCodes.Failed, ex);
        return JobRunner.Fail(ExitCodes.Failed, new InvalidOperationException($"unexpected error ({ex.GetType().Name}): {ex.Message} (SHOPSTREAM_DEBUG=1 shows where)", ex));
    }
}
