using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Tests.Parquet;

/// <summary>Files from <see cref="ParquetFileWriter"/>, read back by DuckDB: every value, every type, the statistics.</summary>
public sealed class ParquetFileWriterTests : IDisposable
{
    private static readonly ParquetColumn[] s_columns =
    [
        new("id", ParquetColumnKind.Int64, false),
        new("name", ParquetColumnKind.String, true),
        new("code", ParquetColumnKind.String, false),
        new("qty", ParquetColumnKind.Int32, true),
        new("at", ParquetColumnKind.Timestamp, true),
        new("day", ParquetColumnKind.Date, false),
        new("price", ParquetColumnKind.Decimal, true, 18, 4),
        new("money", ParquetColumnKind.Decimal, false, 18, 2),
        new("flag", ParquetColumnKind.Boolean, true),
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("shopstream-parquet-").FullName;
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open();
    private readonly DuckDbConnection _connection;

    public ParquetFileWriterTests()
    {
        _connection = _db.Connect();
        _connection.Execute("SET TimeZone = 'UTC'");
    }

    [Theory]
    [InlineData(1, 122_880)]
    [InlineData(10, 1_000)]
    [InlineData(5_000, 1_000)]
    [InlineData(20_000, 3_001)]
    [InlineData(70_000, 122_880)]
    public void Every_value_of_every_type_reads_back_as_written(int rows, int rowGroupRows)
    {
        string file = Write(rows, new ParquetWriteOptions { RowGroupRows = rowGroupRows });
        using var result = _connection.Query($"SELECT * FROM read_parquet({SqlText.Literal(file)})");
        int row = 0;
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++, row++)
            {
                var expected = Row.Of(row);
                Assert.Equal(expected.Id, chunk.Column(0).Int64(r));
                Assert.Equal(expected.Name, chunk.Column(1).IsNull(r) ? null : chunk.Column(1).String(r));
                Assert.Equal(expected.Code, chunk.Column(2).String(r));
                Assert.Equal(expected.Qty, chunk.Column(3).IsNull(r) ? null : (int)chunk.Column(3).Int64(r));
                Assert.Equal(expected.At, chunk.Column(4).IsNull(r) ? null : chunk.Column(4).DateTime(r));
                Assert.Equal(expected.Day.ToDateTime(TimeOnly.MinValue), chunk.Column(5).DateTime(r));
                Assert.Equal(expected.Price, chunk.Column(6).IsNull(r) ? null : chunk.Column(6).Decimal(r));
                Assert.Equal(expected.Money, chunk.Column(7).Decimal(r));
                Assert.Equal(expected.Flag, chunk.Column(8).IsNull(r) ? null : chunk.Column(8).Boolean(r));
            }
        }

        Assert.Equal(rows, row);
        Assert.Equal((long)Math.Ceiling(rows / (double)rowGroupRows), _connection.Scalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({SqlText.Literal(file)})"));
    }

    [Fact]
    public void DuckDB_reads_the_lake_types()
    {
        string file = Write(100, new ParquetWriteOptions());
        _connection.Execute($"CREATE TABLE t AS SELECT * FROM read_parquet({SqlText.Literal(file)})");
        using var result = _connection.Query("SELECT column_name, column_type FROM (DESCRIBE t)");
        var types = result.Chunks().SelectMany(c => Enumerable.Range(0, c.RowCount).Select(r => $"{c.Column(0).String(r)} {c.Column(1).String(r)}")).ToList();
        Assert.Equal(
            ["id BIGINT", "name VARCHAR", "code VARCHAR", "qty INTEGER", "at TIMESTAMP WITH TIME ZONE", "day DATE", "price DECIMAL(18,4)", "money DECIMAL(18,2)", "flag BOOLEAN"],
            types);

        using var schema = _connection.Query($"SELECT name, type, repetition_type, logical_type FROM parquet_schema({SqlText.Literal(file)}) WHERE name = 'at'");
        var at = schema.NextChunk()!;
        Assert.Equal("INT64", at.Column(1).String(0));
        Assert.Equal("OPTIONAL", at.Column(2).String(0));
        Assert.Contains("isAdjustedToUTC=1", at.Column(3).String(0).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Nulls_and_empty_strings_stay_apart()
    {
        string file = Path.Combine(_folder, "strings.parquet");
        using (var w = new ParquetFileWriter(file, [new("s", ParquetColumnKind.String, true)], new ParquetWriteOptions()))
        {
            foreach (string? s in new[] { "", null, "a", "", null, null, "é€😀" })
            {
                if (s is null)
                    w.String(0).AddNull();
                else
                    w.String(0).Add(s);
                w.EndRow();
            }

            Assert.Equal(7, w.Close().Rows);
        }

        using var result = _connection.Query($"SELECT s FROM read_parquet({SqlText.Literal(file)})");
        var chunk = result.NextChunk()!;
        var values = Enumerable.Range(0, chunk.RowCount).Select(r => chunk.Column(0).IsNull(r) ? null : chunk.Column(0).String(r)).ToArray();
        Assert.Equal(new string?[] { "", null, "a", "", null, null, "é€😀" }, values);
    }

    [Fact]
    public void A_string_column_keeps_its_dictionary_while_small_and_falls_back_to_plain_when_it_grows()
    {
        string file = Path.Combine(_folder, "dictionary.parquet");
        var options = new ParquetWriteOptions { RowGroupRows = 1000, DictionaryMaxEntries = 50 };
        using (var w = new ParquetFileWriter(file, [new("few", ParquetColumnKind.String, false), new("many", ParquetColumnKind.String, false)], options))
        {
            for (int i = 0; i < 2500; i++)
            {
                w.String(0).Add($"value {i % 7}");
                w.String(1).Add($"distinct {i}");
                w.EndRow();
            }

            w.Close();
        }

        using var encodings = _connection.Query($"SELECT path_in_schema, string_agg(DISTINCT encodings, ',') FROM parquet_metadata({SqlText.Literal(file)}) GROUP BY ALL ORDER BY 1");
        var chunk = encodings.NextChunk()!;
        Assert.Equal("few", chunk.Column(0).String(0));
        Assert.Contains("RLE_DICTIONARY", chunk.Column(1).Text(0) ?? "", StringComparison.Ordinal);
        Assert.Equal("many", chunk.Column(0).String(1));
        Assert.DoesNotContain("RLE_DICTIONARY", chunk.Column(1).Text(1) ?? "", StringComparison.Ordinal);
        Assert.Equal(2500L, _connection.Scalar($"SELECT count(*) FROM read_parquet({SqlText.Literal(file)}, file_row_number = true) WHERE many = 'distinct ' || file_row_number AND few = 'value ' || (file_row_number % 7)"));
    }

    [Fact]
    public void A_dictionary_that_overflows_within_a_chunk_keeps_the_values_before_it()
    {
        string file = Path.Combine(_folder, "overflow.parquet");
        var options = new ParquetWriteOptions { RowGroupRows = 10_000, DictionaryMaxEntries = 100 };
        using (var w = new ParquetFileWriter(file, [new("s", ParquetColumnKind.String, true)], options))
        {
            for (int i = 0; i < 3000; i++)
            {
                if (i % 5 == 0)
                    w.String(0).AddNull();
                else
                    w.String(0).Add($"v{(i < 1000 ? i % 10 : i)}");
                w.EndRow();
            }

            w.Close();
        }

        using var result = _connection.Query($"SELECT s FROM read_parquet({SqlText.Literal(file)})");
        int row = 0;
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++, row++)
                Assert.Equal(row % 5 == 0 ? null : $"v{(row < 1000 ? row % 10 : row)}", chunk.Column(0).IsNull(r) ? null : chunk.Column(0).String(r));
        }

        Assert.Equal(3000, row);
    }

    [Fact]
    public void An_empty_file_has_the_schema_and_no_rows()
    {
        string file = Path.Combine(_folder, "empty.parquet");
        using (var w = new ParquetFileWriter(file, s_columns, new ParquetWriteOptions()))
            Assert.Equal(0, w.Close().Rows);
        Assert.Equal(0L, _connection.Scalar($"SELECT count(*) FROM read_parquet({SqlText.Literal(file)})"));
        Assert.Equal(9L, _connection.Scalar($"SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet({SqlText.Literal(file)}))"));
    }

    [Fact]
    public void Column_chunks_carry_min_max_and_null_counts()
    {
        string file = Write(5_000, new ParquetWriteOptions { RowGroupRows = 1_000 });
        using var stats = _connection.Query($"""
            SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value, stats_null_count
            FROM parquet_metadata({SqlText.Literal(file)}) WHERE path_in_schema IN ('id', 'name', 'at', 'qty', 'money') ORDER BY row_group_id, path_in_schema
            """);
        var seen = 0;
        foreach (var chunk in stats.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++, seen++)
            {
                int group = (int)chunk.Column(0).Int64(r);
                var rows = Enumerable.Range(group * 1000, 1000).Select(Row.Of).ToList();
                string column = chunk.Column(1).String(r);
                long nulls = chunk.Column(4).Int64(r);
                switch (column)
                {
                    case "id":
                        Assert.Equal(rows.Min(x => x.Id).ToString(System.Globalization.CultureInfo.InvariantCulture), chunk.Column(2).String(r));
                        Assert.Equal(rows.Max(x => x.Id).ToString(System.Globalization.CultureInfo.InvariantCulture), chunk.Column(3).String(r));
                        Assert.Equal(0, nulls);
                        break;
                    case "name":
                        var names = rows.Where(x => x.Name is not null).Select(x => x.Name!).OrderBy(x => x, StringComparer.Ordinal).ToList();
                        Assert.Equal(names[0], chunk.Column(2).String(r));
                        Assert.Equal(names[^1], chunk.Column(3).String(r));
                        Assert.Equal(rows.Count(x => x.Name is null), nulls);
                        break;
                    case "qty":
                        Assert.Equal(rows.Count(x => x.Qty is null), nulls);
                        break;
                    case "at":
                        Assert.Equal(rows.Count(x => x.At is null), nulls);
                        break;
                    default:
                        Assert.Equal(0, nulls);
                        break;
                }
            }
        }

        Assert.Equal(25, seen);

        Assert.Equal(101L, _connection.Scalar($"SELECT count(*) FROM read_parquet({SqlText.Literal(file)}) WHERE id BETWEEN {Row.Of(2100).Id} AND {Row.Of(2200).Id}"));
    }

    [Fact]
    public void A_row_without_a_value_in_every_column_fails_the_row_group()
    {
        string file = Path.Combine(_folder, "ragged.parquet");
        using var w = new ParquetFileWriter(file, [new("a", ParquetColumnKind.Int64, false), new("b", ParquetColumnKind.Int64, false)], new ParquetWriteOptions());
        w.Int64(0).Add(1);
        w.EndRow();
        Assert.Throws<InvalidOperationException>(() => w.Close());
    }

    [Fact]
    public void A_null_in_a_required_column_is_refused()
    {
        string file = Path.Combine(_folder, "required.parquet");
        using var w = new ParquetFileWriter(file, [new("a", ParquetColumnKind.Int64, false)], new ParquetWriteOptions());
        Assert.Throws<InvalidOperationException>(() => w.Int64(0).AddNull());
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string Write(int rows, ParquetWriteOptions options)
    {
        string file = Path.Combine(_folder, $"t-{Guid.NewGuid():N}.parquet");
        using var w = new ParquetFileWriter(file, s_columns, options);
        for (int i = 0; i < rows; i++)
        {
            var row = Row.Of(i);
            w.Int64(0).Add(row.Id);
            if (row.Name is null)
                w.String(1).AddNull();
            else
                w.String(1).Add(row.Name);
            w.String(2).Add(row.Code);
            if (row.Qty is { } q)
                w.Int32(3).Add(q);
            else
                w.Int32(3).AddNull();
            if (row.At is { } at)
                w.Int64(4).AddTicks(at.Ticks);
            else
                w.Int64(4).AddNull();
            w.Int32(5).AddDate(row.Day);
            if (row.Price is { } p)
                w.Int64(6).AddDecimal(p);
            else
                w.Int64(6).AddNull();
            w.Int64(7).AddDecimal(row.Money);
            if (row.Flag is { } f)
                w.Boolean(8).Add(f);
            else
                w.Boolean(8).AddNull();
            w.EndRow();
        }

        var summary = w.Close();
        Assert.Equal(rows, summary.Rows);
        Assert.Equal(new FileInfo(file).Length, summary.Bytes);
        return file;
    }

    // Row i: ids spread over negative and positive values (in order, for the statistics test), runs of nulls and
    // scattered ones, repeated and distinct strings, times before and after 1970.
    private sealed record Row(long Id, string? Name, string Code, int? Qty, DateTime? At, DateOnly Day, decimal? Price, decimal Money, bool? Flag)
    {
        public static Row Of(int i) => new(
            (i * 7919L) - 1_000_000_000_000L,
            i % 3 == 0 || (i / 100) % 10 == 7 ? null : (i % 11 == 0 ? "" : $"name-{i % 97}-{new string('x', i % 40)}"),
            $"code-{i}",
            i % 4 == 1 ? null : (i % 2 == 0 ? -i : int.MaxValue - i),
            i % 5 == 2 ? null : new DateTime(1969, 12, 31, 23, 0, 0, DateTimeKind.Utc).AddTicks(i * 123_456_780L),
            new DateOnly(1960, 1, 1).AddDays(i % 30_000),
            i % 6 == 3 ? null : (i - 500) * 1.2345m,
            (i % 1000) * -0.01m + 7.5m,
            i % 7 == 0 ? null : i % 2 == 0);
    }
}
