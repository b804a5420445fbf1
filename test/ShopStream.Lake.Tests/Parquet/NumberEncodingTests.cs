using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Tests.Parquet;

/// <summary>
/// Integer columns are DELTA_BINARY_PACKED and definition levels are stored only once a chunk mixes values and nulls:
/// DuckDB, an independent reader, must get back every value and null of the edge cases (block and miniblock
/// boundaries, deltas that overflow, constant and all-null chunks).
/// </summary>
public sealed class NumberEncodingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("shopstream-delta-").FullName;
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open();
    private readonly DuckDbConnection _connection;

    public NumberEncodingTests() => _connection = _db.Connect();

    public static TheoryData<string, int> Shapes()
    {
        var data = new TheoryData<string, int>();
        foreach (string shape in new[] { "extremes", "random", "ascending", "constant", "small" })
        {
            foreach (int rows in new[] { 0, 1, 2, 31, 32, 33, 127, 128, 129, 130, 257, 1000, 5000 })
                data.Add(shape, rows);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Int64_and_int32_values_read_back_as_written(string shape, int rows)
    {
        var longs = Longs(shape, rows);
        var ints = longs.Select(v => shape == "extremes" ? (int)(v >> 32) ^ (int)v : (int)v).ToArray();
        string file = Path.Combine(_folder, $"{shape}-{rows}.parquet");
        using (var w = new ParquetFileWriter(file, [new("l", ParquetColumnKind.Int64, false), new("i", ParquetColumnKind.Int32, false)], new ParquetWriteOptions { RowGroupRows = 1000 }))
        {
            for (int r = 0; r < rows; r++)
            {
                w.Int64(0).Add(longs[r]);
                w.Int32(1).Add(ints[r]);
                w.EndRow();
            }

            w.Close();
        }

        var (readLongs, readInts) = Read(file);
        Assert.Equal(longs, readLongs.Select(v => v!.Value));
        Assert.Equal(ints, readInts.Select(v => v!.Value));
        if (rows > 0)
        {
            Assert.Equal(longs.Take(1000).Min().ToString(System.Globalization.CultureInfo.InvariantCulture), _connection.Scalar($"SELECT stats_min_value FROM parquet_metadata({SqlText.Literal(file)}) WHERE row_group_id = 0 AND path_in_schema = 'l'"));
            Assert.Equal(ints.Take(1000).Max().ToString(System.Globalization.CultureInfo.InvariantCulture), _connection.Scalar($"SELECT stats_max_value FROM parquet_metadata({SqlText.Literal(file)}) WHERE row_group_id = 0 AND path_in_schema = 'i'"));
            Assert.Contains("DELTA_BINARY_PACKED", (string)_connection.Scalar($"SELECT string_agg(DISTINCT encodings, ',') FROM parquet_metadata({SqlText.Literal(file)})")!, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("all null", 300)]
    [InlineData("null first", 300)]
    [InlineData("null last", 300)]
    [InlineData("alternating", 300)]
    [InlineData("value then nulls then value", 300)]
    [InlineData("null first", 1)]
    public void Nulls_and_values_in_any_order_read_back(string pattern, int rows)
    {
        bool IsNull(int r) => pattern switch
        {
            "all null" => true,
            "null first" => r == 0,
            "null last" => r == rows - 1,
            "alternating" => r % 2 == 0,
            _ => r > 0 && r < rows - 1,
        };

        string file = Path.Combine(_folder, "nulls.parquet");
        using (var w = new ParquetFileWriter(file, [new("l", ParquetColumnKind.Int64, true), new("i", ParquetColumnKind.Int32, true)], new ParquetWriteOptions { RowGroupRows = 128 }))
        {
            for (int r = 0; r < rows; r++)
            {
                if (IsNull(r))
                {
                    w.Int64(0).AddNull();
                    w.Int32(1).AddNull();
                }
                else
                {
                    w.Int64(0).Add(r * 1_000_000_007L);
                    w.Int32(1).Add(-r);
                }

                w.EndRow();
            }

            w.Close();
        }

        var (longs, ints) = Read(file);
        Assert.Equal(Enumerable.Range(0, rows).Select(r => IsNull(r) ? (long?)null : r * 1_000_000_007L), longs);
        Assert.Equal(Enumerable.Range(0, rows).Select(r => IsNull(r) ? (int?)null : -r), ints);
    }

    [Theory]
    [InlineData(1)] // one value: bit width 1
    [InlineData(9)]
    [InlineData(700)] // REES46's categories: past the dictionary's first 512 entries and 1,024 slots
    [InlineData(2000)] // more than one distinct value in eight of a 10,000-row chunk: DELTA_BINARY_PACKED
    public void Int64_dictionary_columns_read_back_with_nulls_and_extremes(int distinct)
    {
        var random = new Random(distinct);
        var ids = Enumerable.Range(0, distinct).Select(i => i switch
        {
            0 => 0L,
            1 => long.MinValue,
            2 => long.MaxValue,
            3 => -1L,
            _ => random.NextInt64(long.MinValue, long.MaxValue),
        }).ToArray();
        const int rows = 25_000; // row groups of 10,000, 10,000 and 5,000 rows: the dictionary is rebuilt for each chunk
        var expected = Enumerable.Range(0, rows).Select(r => r % 13 == 5 ? (long?)null : ids[random.Next(distinct)]).ToList();
        string file = Path.Combine(_folder, $"dictionary-{distinct}.parquet");
        using (var w = new ParquetFileWriter(file, [new("l", ParquetColumnKind.Int64, true), new("i", ParquetColumnKind.Int32, true)], new ParquetWriteOptions { RowGroupRows = 10_000 }))
        {
            w.Int64(0).PreferDictionary();
            foreach (var value in expected)
            {
                if (value is { } v)
                    w.Int64(0).Add(v);
                else
                    w.Int64(0).AddNull();
                w.Int32(1).AddNull();
                w.EndRow();
            }

            w.Close();
        }

        Assert.Equal(expected, Read(file).Longs);
        string encodings = (string)_connection.Scalar($"SELECT string_agg(DISTINCT encodings, ',') FROM parquet_metadata({SqlText.Literal(file)}) WHERE path_in_schema = 'l'")!;
        Assert.Equal(distinct <= 1250, encodings.Contains("RLE_DICTIONARY", StringComparison.Ordinal));
        var present = expected.Take(10_000).OfType<long>().ToList();
        Assert.Equal(present.Min().ToString(System.Globalization.CultureInfo.InvariantCulture), _connection.Scalar($"SELECT stats_min_value FROM parquet_metadata({SqlText.Literal(file)}) WHERE row_group_id = 0 AND path_in_schema = 'l'"));
        Assert.Equal(present.Max().ToString(System.Globalization.CultureInfo.InvariantCulture), _connection.Scalar($"SELECT stats_max_value FROM parquet_metadata({SqlText.Literal(file)}) WHERE row_group_id = 0 AND path_in_schema = 'l'"));
    }

    [Fact]
    public void Only_int64_columns_take_a_dictionary()
    {
        string file = Path.Combine(_folder, "int32-dictionary.parquet");
        using var w = new ParquetFileWriter(file, [new("i", ParquetColumnKind.Int32, false)], new ParquetWriteOptions());
        Assert.Throws<NotSupportedException>(() => w.Int32(0).PreferDictionary());
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static long[] Longs(string shape, int rows)
    {
        var random = new Random(rows);
        return shape switch
        {
            // Deltas that overflow 64 bits both ways, and the widest miniblocks.
            "extremes" => [.. Enumerable.Range(0, rows).Select(r => (r % 3) switch { 0 => long.MinValue, 1 => long.MaxValue, _ => random.NextInt64(long.MinValue, long.MaxValue) })],
            "random" => [.. Enumerable.Range(0, rows).Select(_ => random.NextInt64(-1L << 40, 1L << 40))],
            "ascending" => [.. Enumerable.Range(0, rows).Select(r => 1_570_000_000_000_000L + r * 997_000L + random.Next(1000))],
            "constant" => [.. Enumerable.Repeat(1_700_000_000_000_000L, rows)],
            _ => [.. Enumerable.Range(0, rows).Select(_ => (long)random.Next(-3, 4))],
        };
    }

    private (List<long?> Longs, List<int?> Ints) Read(string file)
    {
        var longs = new List<long?>();
        var ints = new List<int?>();
        using var result = _connection.Query($"SELECT l, i FROM read_parquet({SqlText.Literal(file)})");
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++)
            {
                longs.Add(chunk.Column(0).IsNull(r) ? null : chunk.Column(0).Int64(r));
                ints.Add(chunk.Column(1).IsNull(r) ? null : (int)chunk.Column(1).Int64(r));
            }
        }

        return (longs, ints);
    }
}
