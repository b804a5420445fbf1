using System.Diagnostics;
using System.Globalization;

namespace ShopStream.Benchmarks.EndToEnd;

/// <summary>
/// Runs a command as a child process and measures it: wall time by stopwatch; peak RSS and CPU time from GNU
/// <c>/usr/bin/time</c> when present, else by polling the child's <c>/proc/PID/status</c> (VmHWM) and
/// <see cref="Process.TotalProcessorTime"/>.
/// </summary>
internal static class ChildProcess
{
    private const string GnuTime = "/usr/bin/time";

    public static RunMeasurement Run(string engine, string fileName, IReadOnlyList<string> arguments, double backgroundCpu)
    {
        bool useTime = File.Exists(GnuTime);
        string timeFile = Path.Combine(Path.GetTempPath(), $"shopstream-bench-{Environment.ProcessId}-{Guid.NewGuid():N}.time");
        var psi = new ProcessStartInfo(useTime ? GnuTime : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (useTime)
        {
            foreach (var a in new[] { "-f", "%M %U %S %e", "-o", timeFile, fileName })
                psi.ArgumentList.Add(a);
        }

        foreach (var a in arguments)
            psi.ArgumentList.Add(a);

        double busy0 = MachineLoad.BusySeconds();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long hwm = 0;
        TimeSpan cpu = TimeSpan.Zero;
        while (!process.WaitForExit(10))
        {
            if (!useTime)
            {
                hwm = Math.Max(hwm, ReadVmHwm(process.Id));
                cpu = SafeCpu(process, cpu);
            }
        }

        process.WaitForExit();
        double wall = clock.Elapsed.TotalSeconds;
        double machineBusy = MachineLoad.BusySeconds() - busy0;
        string err = stderr.Result;
        _ = stdout.Result;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{engine} exited with {process.ExitCode}: {fileName} {string.Join(' ', arguments)}\n{err}");
        }

        double Others(double childCpu) => Math.Clamp((machineBusy - childCpu) / (wall * Environment.ProcessorCount), 0, 1);
        if (!useTime)
            return new RunMeasurement(engine, wall, hwm, cpu.TotalSeconds, 0, backgroundCpu, Others(cpu.TotalSeconds), "/proc VmHWM polling");

        var parts = File.ReadAllLines(timeFile).Last(l => l.Trim().Length > 0).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        File.Delete(timeFile);
        double user = double.Parse(parts[1], CultureInfo.InvariantCulture);
        double sys = double.Parse(parts[2], CultureInfo.InvariantCulture);
        return new RunMeasurement(
            engine,
            wall,
            long.Parse(parts[0], CultureInfo.InvariantCulture),
            user,
            sys,
            backgroundCpu,
            Others(user + sys),
            "GNU time");
    }

    private static long ReadVmHwm(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
            // exited between polls
        }

        return 0;
    }

    private static TimeSpan SafeCpu(Process p, TimeSpan last)
    {
        try
        {
            return p.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return last;
        }
    }
}
