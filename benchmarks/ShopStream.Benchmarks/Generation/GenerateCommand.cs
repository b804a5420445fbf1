using ShopStream.Benchmarks.Cli;

namespace ShopStream.Benchmarks.Generation;

/// <summary><c>gen --events N [--out FILE] [--seed S] [--churn|--no-churn] [--rate EVENTS_PER_S] [--products N] [--force]</c>.</summary>
internal static class GenerateCommand
{
    public static int Run(Args args)
    {
        var o = new GeneratorOptions
        {
            Events = args.Count("--events", 1_000_000),
            Seed = (ulong)args.Count("--seed", 46),
            Churn = !args.Flag("--no-churn") || args.Flag("--churn"),
            EventsPerSecond = args.String("--rate") is { } r ? double.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 16,
            Products = args.Int("--products", 100_000),
        };
        string? outPath = args.String("--out");
        bool force = args.Flag("--force");
        args.ThrowIfUnknown();
        if (outPath is not null)
        {
            // An explicit output is written in place: it may be a pipe or a device such as /dev/null.
            DataCache.Generate(o, outPath, Console.Out, atomic: false);
            return 0;
        }

        string cached = DataCache.PathFor(o);
        if (File.Exists(cached) && !force)
        {
            Console.WriteLine($"cached: {cached}");
            return 0;
        }

        DataCache.Generate(o, cached, Console.Out);
        return 0;
    }
}
