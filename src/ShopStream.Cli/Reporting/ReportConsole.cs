using System.Text;
using Spectre.Console;

namespace ShopStream.Cli.Reporting;

/// <summary>
/// The console a run prints its progress and report to. Standard output redirected to a file that fails (a full
/// disk behind <c>&gt;</c>, <c>/dev/full</c>) stopped the run where it printed: after the earlier run's
/// <c>summary.json</c> was removed and before the lake's commits, so a finished run's folder lost its results to a
/// failed report line. Here such a failure is kept (<see cref="Failure"/>) and the rest of the report dropped, so the
/// run finishes its outputs and then says what went wrong. A terminal is used as it is.
/// </summary>
internal sealed class ReportConsole
{
    private readonly GuardedWriter? _guard;

    private ReportConsole(IAnsiConsole console, GuardedWriter? guard)
    {
        Console = console;
        _guard = guard;
    }

    public IAnsiConsole Console { get; }

    /// <summary>The first error writing to standard output, or null.</summary>
    public IOException? Failure => _guard?.Failure;

    public static ReportConsole Create()
    {
        if (!System.Console.IsOutputRedirected)
            return new ReportConsole(AnsiConsole.Console, null);
        // As Spectre sets itself up for a redirected output: no escape codes, no colours, not interactive.
        var guard = new GuardedWriter(System.Console.Out);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(guard),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = AnsiConsole.Console.Profile.Width; // lines wrapped where they were
        return new ReportConsole(console, guard);
    }

    // Passes writes on until one fails, then keeps that failure and drops the rest.
    private sealed class GuardedWriter(TextWriter inner) : TextWriter
    {
        public IOException? Failure { get; private set; }

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value) => Guard(() => inner.Write(value));

        public override void Write(string? value) => Guard(() => inner.Write(value));

        public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

        public override void Flush() => Guard(inner.Flush);

        private void Guard(Action write)
        {
            if (Failure is not null)
                return;
            try
            {
                write();
            }
            catch (IOException ex)
            {
                Failure = ex;
            }
        }
    }
}
