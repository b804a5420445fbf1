using System.Runtime.InteropServices;

namespace ShopStream.Cli.Commands;

/// <summary>
/// Ctrl+C and SIGTERM for a command that stops cleanly (<c>serve</c>, a Kafka processor): the first cancels
/// <see cref="Token"/> and the process goes on to finish (checkpoints, results); a second ends it at once, as
/// without this (exit 130 or 143), unless it comes within <see cref="Echo"/> of the first: one stop sent twice
/// (<c>timeout</c> signals its child and then its own process group, so the child gets each signal twice at once),
/// which ended a generate before it had removed its cut files, and would a Kafka processor before its checkpoints.
/// Commands without one end at the first signal: they resume from their checkpoints.
/// System.CommandLine's own handling is off (<see cref="Program"/>): it kept the process alive without telling the
/// command, so a synchronous one ran on, and a second SIGTERM crashed it.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    // Not disposed: a handler may still run just after Dispose (.NET calls a copy of the handler list), and
    // cancelling a disposed source would throw on the signal's thread; without timers it holds nothing to free.
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _signals;
    private readonly string _stopping;
    // A second signal this soon after the first is the same stop delivered again; a person pressing Ctrl+C again
    // to stop at once takes longer.
    private static readonly TimeSpan Echo = TimeSpan.FromSeconds(1);

    private long _firstAt; // Stopwatch timestamp of the first signal; 0 before it
    private int _exitCode;

    /// <param name="stopping">What the command does on the first signal, said on stderr ("writing the results", say).</param>
    public StopSignals(string stopping)
    {
        _stopping = stopping;
        _signals = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>The exit code of the process the first signal would have ended: 130 for SIGINT, 143 for SIGTERM.</summary>
    public int ExitCode => _exitCode;

    public void Dispose()
    {
        foreach (var signal in _signals)
            signal.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Each signal's handlers run on a thread of their own: two quick signals must not both be taken as the first.
        long now = Math.Max(1, System.Diagnostics.Stopwatch.GetTimestamp());
        long first = Interlocked.CompareExchange(ref _firstAt, now, 0);
        if (first != 0)
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(first, now) < Echo)
                context.Cancel = true; // the first one again
            return; // a second: the default, which ends the process
        }

        context.Cancel = true;
        _exitCode = context.Signal == PosixSignal.SIGTERM ? 143 : 130;
        Console.Error.WriteLine($"shopstream: stopping: {_stopping} (Ctrl+C again, a second from now, to stop at once)");
        _stop.Cancel();
    }
}
