using BenchmarkDotNet.Attributes;
using ShopStream.Core.Ingest;

namespace ShopStream.Benchmarks.Micro;

/// <summary>
/// <see cref="RecordReader"/> splitting a stream into records (LF/CRLF, quoted fields, size limit). Each invocation
/// reads the sample's 5,000 records 40 times over (200,000 records, ~27 MB) from a MemoryStream, so the reader's
/// own setup (object, pooled 1 MB buffer) is amortised the way it is over a real file.
/// </summary>
[MemoryDiagnoser]
public class RecordReaderBenchmarks
{
    public const int Repeats = 40;
    private byte[] _file = null!;

    [GlobalSetup]
    public void Setup() => _file = SampleData.Repeated(Repeats);

    [Benchmark(OperationsPerInvoke = SampleData.Events * Repeats)]
    [ReportsInputBytes]
    public long RecordReader_Read()
    {
        using var reader = new RecordReader(new MemoryStream(_file, writable: false), csvQuotes: true);
        long bytes = 0;
        while (reader.Read() != RecordStatus.End)
            bytes += reader.Current.Length;
        return bytes;
    }
}
