using System.Diagnostics;
using ShopStream.Benchmarks.Cli;

namespace ShopStream.Benchmarks.Generation;

/// <summary>Generated inputs are cached under <c>benchmarks/data/</c> by size, seed and churn; generated once, reused after.</summary>
internal static class DataCache
{
    public static string PathFor(GeneratorOptions o) =>
        Path.Combine(Paths.Data, $"rees46-synth-{Args.FormatCount(o.Events)}-seed{o.Seed}{(o.Churn ? "" : "-nochurn")}.csv");

    /// <summary>The cached file for <paramref name="o"/>, generating it first when missing.</summary>
    public static string Ensure(GeneratorOptions o, TextWriter log)
    {
        string path = PathFor(o);
        if (File.Exists(path))
            return path;
        Generate(o, path, log);
        return path;
    }

    /// <summary>
    /// Writes <paramref name="path"/>. With <paramref name="atomic"/> (the cache), writes a temporary file and renames
    /// it, so an interrupted run never leaves a truncated cached file; without, writes in place (so a device such as
    /// /dev/null stays one).
    /// </summary>
    public static GeneratorStats Generate(GeneratorOptions o, string path, TextWriter log, bool atomic = true)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null && atomic)
            Directory.CreateDirectory(dir);
        string target = atomic ? path + ".tmp" : path;
        var clock = Stopwatch.StartNew();
        GeneratorStats stats;
        using (var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.None))
        {
            stats = Rees46Generator.Write(file, o);
        }

        if (atomic)
            File.Move(target, path, overwrite: true);
        double s = clock.Elapsed.TotalSeconds;
        log.WriteLine(
            $"generated {path}: {stats.Rows:N0} rows ({stats.Duplicates:N0} duplicates), {stats.Users:N0} users, " +
            $"{stats.SourceSessions:N0} source sessions, {stats.Bytes / 1e6:N0} MB, up to {stats.LastEventTime:yyyy-MM-dd HH:mm:ss} UTC; " +
            $"view/cart/purchase {Share(stats.Views, stats.Rows)}/{Share(stats.Carts, stats.Rows)}/{Share(stats.Purchases, stats.Rows)}; " +
            $"{s:N1} s ({stats.Rows / s / 1e6:N1} M rows/s, {stats.Bytes / s / 1e6:N0} MB/s)");
        return stats;
    }

    private static string Share(long n, long total) => $"{100.0 * n / total:N1}%";
}
