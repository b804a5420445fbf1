using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Tests.Parquet;

/// <summary>
/// The lake's writer fills columns a run of rows at a time: <see cref="NumberColumnBuffer{T}.Append"/>,
/// <see cref="ColumnBuffer.AddNulls"/> and <see cref="StringColumnBuffer.Add(Utf8Text, int)"/>. Mixed with single
/// adds in any order (runs before and after the first null or value, in dictionary and PLAIN string columns), DuckDB
/// must read back every value and null where it was added.
/// </summary>
public sealed class RunAddTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("shopstream-runs-").FullName;
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open();
    private readonly DuckDbConnection _connection;

    public RunAddTests() => _connection = _db.Connect();

    [Theory]
    [InlineData(7, false)]
    [InlineData(7, true)]
    [InlineData(11, false)]
    [InlineData(11, true)]
    public void Runs_and_single_adds_read_back_in_order(int seed, bool plainText)
    {
        var owner = new object();
        var texts = Enumerable.Range(0, 4).Select(i => new Utf8Text(System.Text.Encoding.UTF8.GetBytes($"source {i}"), owner, i)).ToArray();
        var expected = new List<(long?, int?, string?)>();
        string file = Path.Combine(_folder, "runs.parquet");
        using (var w = new ParquetFileWriter(file, [new("l", ParquetColumnKind.Int64, true), new("i", ParquetColumnKind.Int32, true), new("s", ParquetColumnKind.String, true)], new ParquetWriteOptions { RowGroupRows = 100_000 }))
        {
            var (longs, ints, strings) = (w.Int64(0), w.Int32(1), w.String(2));
            if (plainText)
                strings.AlwaysPlain(4); // shorter than the values: the buffer still grows
            var random = new Random(seed);
            for (int step = 0; step < 60; step++)
            {
                int count = random.Next(1, 40);
                var text = texts[random.Next(texts.Length)];
                string textValue = System.Text.Encoding.UTF8.GetString(text.Bytes);
                switch (random.Next(4))
                {
                    case 0:
                        // A run of values.
                        var l = longs.Append(count);
                        var i = ints.Append(count);
                        for (int k = 0; k < count; k++)
                        {
                            (l[k], i[k]) = (step * 1_000L + k, -(step * 1_000) - k);
                            expected.Add((l[k], i[k], textValue));
                        }

                        strings.Add(text, count);
                        break;
                    case 1:
                        // A run of nulls.
                        longs.AddNulls(count);
                        ints.AddNulls(count);
                        strings.AddNulls(count);
                        expected.AddRange(Enumerable.Repeat<(long?, int?, string?)>((null, null, null), count));
                        break;
                    case 2:
                        // One value, one null.
                        longs.Add(-step);
                        ints.AddNull();
                        strings.Add(text);
                        expected.Add((-step, null, textValue));
                        break;
                    default:
                        longs.AddNull();
                        ints.Add(step);
                        strings.AddNull();
                        expected.Add((null, step, null));
                        break;
                }
            }

            w.EndRow();
            w.Close();
        }

        var actual = new List<(long?, int?, string?)>();
        using var result = _connection.Query($"SELECT l, i, s FROM read_parquet({SqlText.Literal(file)})");
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++)
            {
                actual.Add((
                    chunk.Column(0).IsNull(r) ? null : chunk.Column(0).Int64(r),
                    chunk.Column(1).IsNull(r) ? null : (int)chunk.Column(1).Int64(r),
                    chunk.Column(2).IsNull(r) ? null : chunk.Column(2).String(r)));
            }
        }

        Assert.Equal(expected, actual);
        string encodings = (string)_connection.Scalar($"SELECT string_agg(DISTINCT encodings, ',') FROM parquet_metadata({SqlText.Literal(file)}) WHERE path_in_schema = 's'")!;
        Assert.Equal(plainText, !encodings.Contains("RLE_DICTIONARY", StringComparison.Ordinal));
    }

    [Fact]
    public void Nulls_in_a_column_that_has_none_are_refused()
    {
        string file = Path.Combine(_folder, "required.parquet");
        using var w = new ParquetFileWriter(file, [new("l", ParquetColumnKind.Int64, false)], new ParquetWriteOptions());
        var error = Assert.Throws<InvalidOperationException>(() => w.Int64(0).AddNulls(3));
        Assert.Contains("not nullable", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
