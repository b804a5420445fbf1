using System.Buffers.Text;
using System.Text.Unicode;
using BenchmarkDotNet.Attributes;
using ShopStream.Core.Events;
using ShopStream.Core.Text;

namespace ShopStream.Benchmarks.Micro;

/// <summary>
/// Where <see cref="ShopStream.Core.Ingest.Rees46Parser"/>'s time goes, field by field, over the sample's records
/// (fields located up front; per event = the work that field type costs one record: three ids, two interned
/// strings). Together with CsvRow_TrySplit and Fingerprint128_Of these add up to (about) the whole parse.
/// </summary>
[MemoryDiagnoser]
public class ParserPartsBenchmarks
{
    private const int Fields = 9;
    private (int Start, int Length)[] _fields = null!; // record i, field f at [i * Fields + f]
    private byte[] _file = null!;
    private StringPool _pool = null!;

    [GlobalSetup]
    public void Setup()
    {
        _file = SampleData.File;
        _fields = new (int, int)[SampleData.Events * Fields];
        for (int i = 0; i < SampleData.Events; i++)
        {
            var (start, length) = SampleData.Records[i];
            int f = 0, at = start, end = start + length;
            while (f < Fields)
            {
                int comma = Array.IndexOf(_file, (byte)',', at, end - at);
                int stop = comma < 0 ? end : comma;
                _fields[(i * Fields) + f++] = (at, stop - at);
                at = stop + 1;
            }
        }

        _pool = new StringPool();
        StringPool_Intern_category_and_brand();
    }

    private ReadOnlySpan<byte> Field(int record, int field)
    {
        var (s, l) = _fields[(record * Fields) + field];
        return _file.AsSpan(s, l);
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public long Utf8_IsValid_record()
    {
        long n = 0;
        for (int i = 0; i < SampleData.Events; i++)
            n += Utf8.IsValid(SampleData.Record(i)) ? 1 : 0;
        return n;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public long Timestamps_TryParse()
    {
        long sum = 0;
        for (int i = 0; i < SampleData.Events; i++)
        {
            Timestamps.TryParse(Field(i, 0), out long t);
            sum += t;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public int EventTypes_TryParse()
    {
        int sum = 0;
        for (int i = 0; i < SampleData.Events; i++)
        {
            EventTypes.TryParse(Field(i, 1), out var type);
            sum += (int)type;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public long Utf8Numbers_TryParseInt64_three_ids()
    {
        long sum = 0;
        for (int i = 0; i < SampleData.Events; i++)
        {
            Utf8Numbers.TryParseInt64(Field(i, 2), out long product);
            Utf8Numbers.TryParseInt64(Field(i, 3), out long category);
            Utf8Numbers.TryParseInt64(Field(i, 7), out long user);
            sum += product + category + user;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public decimal Utf8Numbers_TryParseDecimal_price()
    {
        decimal sum = 0;
        for (int i = 0; i < SampleData.Events; i++)
        {
            Utf8Numbers.TryParseDecimal(Field(i, 6), out decimal price);
            sum += price;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public int StringPool_Intern_category_and_brand()
    {
        int n = 0;
        for (int i = 0; i < SampleData.Events; i++)
        {
            n += _pool.Intern(Field(i, 4))?.Length ?? 0;
            n += _pool.Intern(Field(i, 5))?.Length ?? 0;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = SampleData.Events)]
    public int Utf8Parser_TryParse_session_guid()
    {
        int n = 0;
        for (int i = 0; i < SampleData.Events; i++)
        {
            Utf8Parser.TryParse(Field(i, 8), out Guid g, out int used);
            n += used + g.GetHashCode();
        }

        return n;
    }
}
