using BenchmarkDotNet.Attributes;
using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Text;

namespace ShopStream.Benchmarks.Micro;

/// <summary>
/// Turning one REES46 record into a <see cref="ShopEvent"/>: the whole parser (split, timestamp, numbers, interning,
/// session UUID, fingerprint), and two of its parts on their own: CSV splitting and the 128-bit fingerprint.
/// </summary>
[MemoryDiagnoser]
public class ParsingBenchmarks
{
    private Rees46Parser _parser = null!;
    private ShopEvent[] _events = null!;
    private readonly FieldSlice[] _fields = new FieldSlice[16];
    private readonly byte[] _scratch = new byte[RecordReader.DefaultMaxRecordBytes];
    private ShopEvent _event;

    [GlobalSetup]
    public void Setup()
    {
        _parser = new Rees46Parser(new StringPool());
        _events = SampleData.ParseEvents();
        Rees46Parser_Parse(); // interns the sample's brands and categories, as a long run would have
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    [ReportsInputBytes]
    public long Rees46Parser_Parse()
    {
        long sum = 0;
        for (int i = 0; i < SampleData.Events; i++)
        {
            _parser.Parse(SampleData.Record(i), ref _event);
            sum += _event.UserId;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    [ReportsInputBytes]
    public int CsvRow_TrySplit()
    {
        int fields = 0;
        for (int i = 0; i < SampleData.Events; i++)
        {
            CsvRow.TrySplit(SampleData.Record(i), _fields, _scratch, out var row);
            fields += row.Count;
        }

        return fields;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public ulong Fingerprint128_Of()
    {
        ulong x = 0;
        var events = _events;
        for (int i = 0; i < events.Length; i++)
            x ^= (ulong)Fingerprint128.Of(events[i]);
        return x;
    }
}
