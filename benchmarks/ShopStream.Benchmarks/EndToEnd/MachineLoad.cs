using System.Globalization;

namespace ShopStream.Benchmarks.EndToEnd;

/// <summary>
/// How busy the machine is without us: the share of all CPUs in use over a short window, from <c>/proc/stat</c>.
/// The benchmark waits (up to a limit) for other work to quiet down before each timed run, and reports what it saw.
/// </summary>
internal static class MachineLoad
{
    /// <summary>Busy share of all CPUs over <paramref name="window"/> (0..1); 0 when /proc/stat is not there.</summary>
    public static double Sample(TimeSpan window)
    {
        if (!File.Exists("/proc/stat"))
            return 0;
        var (busy0, total0) = Read();
        Thread.Sleep(window);
        var (busy1, total1) = Read();
        return total1 == total0 ? 0 : (double)(busy1 - busy0) / (total1 - total0);
    }

    /// <summary>Waits until the machine is below <paramref name="threshold"/> busy or <paramref name="maxWait"/> passes; returns the last sample.</summary>
    public static double WaitForQuiet(double threshold, TimeSpan maxWait, TextWriter log)
    {
        var deadline = DateTime.UtcNow + maxWait;
        double load = Sample(TimeSpan.FromMilliseconds(500));
        bool told = false;
        while (load > threshold && DateTime.UtcNow < deadline)
        {
            if (!told)
            {
                log.WriteLine($"  machine busy ({load:P0} CPU used by other work); waiting up to {maxWait.TotalSeconds:N0} s");
                told = true;
            }

            load = Sample(TimeSpan.FromSeconds(1));
        }

        return load;
    }

    /// <summary>Busy CPU time of the whole machine so far, in seconds (all CPUs; /proc/stat counts in 1/100 s).</summary>
    public static double BusySeconds() => File.Exists("/proc/stat") ? Read().Busy / 100.0 : 0;

    private static (long Busy, long Total) Read()
    {
        var first = File.ReadLines("/proc/stat").First();
        var v = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        long idle = v[3] + (v.Length > 4 ? v[4] : 0); // idle + iowait
        long total = v.Take(8).Sum(); // user nice system idle iowait irq softirq steal
        return (total - idle, total);
    }
}
