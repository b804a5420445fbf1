using BenchmarkDotNet.Attributes;
using ShopStream.Core.Ingest;
using ShopStream.Core.Validation;

namespace ShopStream.Benchmarks.Micro;

/// <summary>
/// Everything before routing: <see cref="EventReader"/> splitting, validating and parsing into batches, with
/// <see cref="ParseThreads"/> parser threads (the CLI uses one per core). Each invocation reads the sample 40 times
/// over (200,000 events, ~27 MB) from memory, so the reader's threads and blocks are set up once per 200,000 events.
/// </summary>
[MemoryDiagnoser]
public class EventReaderBenchmarks
{
    public const int Repeats = 40;
    private byte[] _file = null!;

    [Params(1, 2)]
    public int ParseThreads { get; set; }

    [GlobalSetup]
    public void Setup() => _file = SampleData.Repeated(Repeats);

    [Benchmark(OperationsPerInvoke = SampleData.Events * Repeats)]
    [ReportsInputBytes]
    public long EventReader_ReadAll()
    {
        var input = InputFile.FromStream("sample", new MemoryStream(_file, writable: false));
        var reader = new EventReader([input], InputFormat.Rees46, NullRejectSink.Instance, parseThreads: ParseThreads);
        long sum = 0;
        reader.ReadAll(batch =>
        {
            for (int i = 0; i < batch.Count; i++)
                sum += batch.Events[i].UserId;
        });
        return sum;
    }

    private sealed class NullRejectSink : IRejectSink
    {
        public static readonly NullRejectSink Instance = new();

        public void Reject(string source, long line, RejectReason reason, ReadOnlySpan<byte> raw, long rawLength) =>
            throw new InvalidOperationException($"unexpected reject at line {line}: {reason}");
    }
}
