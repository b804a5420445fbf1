using System.Diagnostics;
using ShopStream.Benchmarks.Cli;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Validation;

namespace ShopStream.Benchmarks.EndToEnd;

/// <summary>
/// <c>pipeline --input FILE [--partitions N] [--parse-threads N] [--write DIR] [--spill DIR] [--state-horizon HOURS]</c>: runs ShopStream's pipeline
/// in this process (what <c>shopstream run</c> does, minus the CLI) and reports where the time and memory go:
/// wall time of the stream and of writing results, GC collections and pause time, bytes allocated per event,
/// peak working set. For finding bottlenecks; the e2e command is the benchmark.
/// </summary>
internal static class PipelineCommand
{
    public static int Run(Args args)
    {
        string input = args.String("--input") ?? throw new ArgumentException("--input FILE is required");
        var defaults = new PipelineOptions();
        var options = defaults with
        {
            Partitions = args.Int("--partitions", defaults.Partitions),
            ParseThreads = args.Int("--parse-threads", defaults.ParseThreads),
            SpillFolder = args.String("--spill"),
            StateHorizon = args.String("--state-horizon") is { } hours ? TimeSpan.FromHours(int.Parse(hours, System.Globalization.CultureInfo.InvariantCulture)) : null,
        };
        string? write = args.String("--write");
        args.ThrowIfUnknown();

        var reader = new EventReader(InputFiles.Resolve(input), null, new CountingRejectSink(), options.BatchSize, options.ParseThreads);
        long allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        var pause0 = GC.GetTotalPauseDuration();
        int[] collections0 = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using var result = StreamPipeline.Run(reader, options);
        double stream = clock.Elapsed.TotalSeconds;
        var cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
        long allocated1 = GC.GetTotalAllocatedBytes(precise: true);
        var pause1 = GC.GetTotalPauseDuration();
        double writeSeconds = 0;
        var writeCpu = TimeSpan.Zero;
        if (write is not null)
        {
            clock.Restart();
            new RunDirectory(write).WriteResults(result);
            writeSeconds = clock.Elapsed.TotalSeconds;
            writeCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu1;
        }

        long events = result.Summary.EventsRead;
        var gc = GC.GetGCMemoryInfo(GCKind.Any);
        Console.WriteLine($"events            {events:N0} ({result.Summary.Users:N0} users, {result.Summary.Sessions:N0} sessions)");
        Console.WriteLine($"options           partitions={options.Partitions} parse-threads={options.ParseThreads} batch={options.BatchSize} spill={options.SpillFolder ?? "off"} state-horizon={options.EffectiveStateHorizon}");
        Console.WriteLine($"stream (read, process, gather results)  {stream:F2} s  {events / stream:N0} events/s  cpu {(cpu1 - cpu0).TotalSeconds:F2} s");
        if (write is not null)
            Console.WriteLine($"write results     {writeSeconds:F2} s  cpu {writeCpu.TotalSeconds:F2} s");
        Console.WriteLine($"allocated         {(allocated1 - allocated0) / 1e6:N0} MB ({(double)(allocated1 - allocated0) / events:N0} B/event)");
        Console.WriteLine($"GC                gen0 {GC.CollectionCount(0) - collections0[0]}, gen1 {GC.CollectionCount(1) - collections0[1]}, gen2 {GC.CollectionCount(2) - collections0[2]}; pause {(pause1 - pause0).TotalSeconds:F2} s ({(pause1 - pause0).TotalSeconds / stream:P0} of the stream's wall time)");
        Console.WriteLine($"heap after        {gc.HeapSizeBytes / 1e6:N0} MB; peak working set {Environment.WorkingSet / 1e6:N0} MB now, {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB peak");
        GC.KeepAlive(result);
        return 0;
    }

    private sealed class CountingRejectSink : IRejectSink
    {
        public long Count { get; private set; }

        public void Reject(string source, long line, RejectReason reason, ReadOnlySpan<byte> raw, long rawLength) => Count++;
    }
}
