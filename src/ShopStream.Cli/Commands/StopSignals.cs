using System.Runtime.InteropServices;

namespace ShopStream.Cli.Commands;

/// <summary>
/// Ctrl+C and SIGTERM for a command that stops cleanly (<c>serve</c>, a Kafka processor): the first cancels
/// <see cref="Token"/> and the process goes on to finish (checkpoints, results); a second ends it at once, as
/// without this (exit 130 or 143). Commands without one end at the first signal: they resume from their checkpoints.
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
    private int _signalled;
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
        if (Interlocked.Exchange(ref _signalled, 1) != 0)
            return; // the second: the default, which ends the process
        context.Cancel = true;
        _exitCode = context.Signal == PosixSignal.SIGTERM ? 143 : 130;
        Console.Error.WriteLine($"shopstream: stopping: {_stopping} (Ctrl+C again to stop at once)");
        _stop.Cancel();
    }
}
