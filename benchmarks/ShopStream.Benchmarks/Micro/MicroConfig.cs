using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using ShopStream.Benchmarks.Cli;

namespace ShopStream.Benchmarks.Micro;

/// <summary>
/// A short job (1 launch, 3 warm-ups, 5 iterations of ~250 ms) run in-process, so the whole suite takes a few
/// minutes; with the memory diagnoser and per-event columns. Results go to benchmarks/BenchmarkDotNet.Artifacts.
/// In-process also keeps BenchmarkDotNet from generating a project under the repository's strict build settings.
/// </summary>
internal static class MicroConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(5)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Short"))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(PerEventColumn.MillionEventsPerSecond, PerEventColumn.MegabytesPerSecond, PerEventColumn.AllocatedPerEvent)
        .WithArtifactsPath(Path.Combine(Paths.Root, "benchmarks", "BenchmarkDotNet.Artifacts"))
        .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared, BenchmarkDotNet.Order.MethodOrderPolicy.Declared));
}
