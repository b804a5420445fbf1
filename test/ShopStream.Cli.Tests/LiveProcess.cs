using System.Diagnostics;
using System.Text;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary>
/// <c>shopstream</c> running as a child process with <c>--serve</c>: its standard input written to in steps, its
/// stderr lines collected as they come (the first names the address it serves on), stopped with SIGTERM as Ctrl+C would.
/// </summary>
internal sealed class LiveProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _errors = [];
    private readonly SemaphoreSlim _lines = new(0);

    private LiveProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_errors)
                _errors.Add(e.Data);
            _lines.Release();
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public static LiveProcess Start(bool withInput, params string[] args)
    {
        var start = ShopstreamProcess.StartInfo(args);
        start.RedirectStandardInput = withInput;
        return new LiveProcess(Process.Start(start)!);
    }

    public string Errors
    {
        get
        {
            lock (_errors)
                return string.Join('\n', _errors);
        }
    }

    /// <summary>The address from "shopstream: serving the live state of ... on http://127.0.0.1:PORT".</summary>
    public async Task<Uri> ServingAsync()
    {
        var line = await LineAsync(l => l.Contains("serving the live state", StringComparison.Ordinal));
        return new Uri(line.Split(' ').Single(w => w.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));
    }

    /// <summary>The first stderr line matching <paramref name="match"/>, waiting up to a minute for it.</summary>
    public async Task<string> LineAsync(Func<string, bool> match)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            lock (_errors)
            {
                if (_errors.FirstOrDefault(match) is { } found)
                    return found;
            }

            Assert.False(_process.HasExited && _lines.CurrentCount == 0, $"shopstream exited with {(_process.HasExited ? _process.ExitCode : 0)}: {Errors}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"no such line on stderr within a minute: {Errors}");
            await _lines.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
    }

    public async Task WriteLinesAsync(IEnumerable<string> lines)
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        await _process.StandardInput.BaseStream.WriteAsync(text);
        await _process.StandardInput.BaseStream.FlushAsync();
    }

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Sends SIGTERM (as a service manager or Ctrl+C would stop it) and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _lines.Dispose();
    }
}
