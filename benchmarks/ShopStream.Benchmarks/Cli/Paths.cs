namespace ShopStream.Benchmarks.Cli;

/// <summary>Where things are: the repository root (found by walking up to <c>ShopStream.slnx</c>) and folders under it.</summary>
internal static class Paths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    /// <summary>Generated inputs (git-ignored); <c>SHOPSTREAM_BENCH_DATA</c> overrides.</summary>
    public static string Data => Environment.GetEnvironmentVariable("SHOPSTREAM_BENCH_DATA") is { Length: > 0 } d
        ? d
        : Path.Combine(Root, "benchmarks", "data");

    public static string Results => Path.Combine(Root, "benchmarks", "results");

    public static string Sample => Environment.GetEnvironmentVariable("SHOPSTREAM_SAMPLE") is { Length: > 0 } s
        ? s
        : Path.Combine(Root, "samples", "rees46-2019-Oct-head-5000.csv");

    /// <summary>
    /// The CLI as users run it: <c>scripts/shopstream</c>'s ReadyToRun publish (<c>benchmarks/run.sh</c> brings it up to
    /// date); <c>SHOPSTREAM_CLI_DLL</c> picks another build.
    /// </summary>
    public static string ShopStreamCli => Environment.GetEnvironmentVariable("SHOPSTREAM_CLI_DLL") is { Length: > 0 } c
        ? c
        : Path.Combine(Root, ".build", "shopstream", "shopstream.dll");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ShopStream.slnx")))
                    return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (ShopStream.slnx) above the benchmark program or the current folder");
    }
}
