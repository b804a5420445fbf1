using BenchmarkDotNet.Running;
using ShopStream.Benchmarks.Cli;
using ShopStream.Benchmarks.Collector;
using ShopStream.Benchmarks.DuckDb;
using ShopStream.Benchmarks.EndToEnd;
using ShopStream.Benchmarks.Generation;
using ShopStream.Benchmarks.Kafka;

namespace ShopStream.Benchmarks;

/// <summary>
/// <c>gen</c>: write a REES46-shaped input; <c>duckdb</c>: the DuckDB reference summary of a file; <c>e2e</c>: the
/// end-to-end comparison; <c>pipeline</c>: ShopStream's pipeline in-process with GC and allocation figures; <c>collector</c>: load on the HTTP collector over loopback; <c>kafka</c>:
/// producer and consumer throughput against the mock Kafka cluster; anything else goes to BenchmarkDotNet (the microbenchmarks, e.g. <c>--filter '*'</c>).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        string command = args.Length > 0 ? args[0] : "";
        var rest = args.Skip(1);
        try
        {
            return command switch
            {
                "gen" => GenerateCommand.Run(new Args(rest)),
                "duckdb" => DuckDbCommand.Run(new Args(rest)),
                "e2e" => EndToEndCommand.Run(new Args(rest), args[1..]),
                "pipeline" => PipelineCommand.Run(new Args(rest)),
                "state-cost" => StateCostCommand.Run(new Args(rest)),
                "scaling" => ScalingCommand.Run(new Args(rest)),
                "collector" => CollectorLoadCommand.Run(new Args(rest)),
                "compare" => CompareCommand.Run(new Args(rest)),
                "kafka" => KafkaThroughputCommand.Run(new Args(rest)),
                _ => RunMicro(args),
            };
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"shopstream-bench: {ex.Message}");
            return 2;
        }
    }

    private static int RunMicro(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, Micro.MicroConfig.Create());
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
