using ShopStream.Core.Output;
using ShopStream.Core.Validation;
using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Parquet;
using ShopStream.Lake.Runs;
using ShopStream.Lake.Tables;

namespace ShopStream.Lake.Tests.Runs;

/// <summary>
/// Quarantine's rows come from the dead-letter file through the lake's own writer; DuckDB's <c>read_json</c> of the
/// same file (how the table was made before) is the oracle: both must give the same rows, every field and NULL.
/// </summary>
public sealed class QuarantineRowsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("shopstream-quarantine-").FullName;

    [Fact]
    public void Every_kind_of_dead_letter_reads_back_as_DuckDB_reads_the_file()
    {
        string rejected = Path.Combine(_folder, "rejected.jsonl");
        using (var file = File.Create(rejected))
        using (var letters = new DeadLetterWriter(file))
        {
            letters.Reject("events.csv", 2, RejectReason.EventTime, "2019-13-45,view,1"u8, 17);
            letters.Reject("events.csv", 3, RejectReason.FieldCount, "a,\"quoted\" \\ and\ttab"u8, 21);
            letters.Reject("ünïcode.jsonl", 4, RejectReason.Json, [0xff, 0xfe, 0x41], 3);
            letters.Reject("events.csv", 5, RejectReason.EventType, "cut short"u8, 5_000_000);
            letters.Reject("events.csv", 6, RejectReason.EventType, ""u8, 0);
            for (int i = 0; i < 3000; i++)
                letters.Reject("big.csv", 100 + i, RejectReason.Price, System.Text.Encoding.UTF8.GetBytes(new string('x', i)), i);
        }

        string parquet = Path.Combine(_folder, "quarantine.parquet");
        using (var writer = new ParquetFileWriter(parquet, ParquetColumn.FromDelta(LakeTables.QuarantineRejected.Schema), new ParquetWriteOptions { RowGroupRows = 1000 }))
        {
            QuarantineRows.Write(writer, rejected);
            Assert.Equal(3005, writer.Close().Rows);
        }

        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        string ours = $"SELECT * FROM read_parquet({SqlText.Literal(parquet)})";
        string duckDb = $"""
            SELECT source, line, reason, raw, raw_base64, raw_bytes, truncated
            FROM read_json({SqlText.Literal(rejected)}, format = 'newline_delimited', maximum_object_size = 1048576,
                columns = {"{"}source: 'VARCHAR', line: 'BIGINT', reason: 'VARCHAR', raw: 'VARCHAR', raw_base64: 'VARCHAR', raw_bytes: 'BIGINT', truncated: 'BOOLEAN'{"}"})
            """;
        Assert.Equal(3005L, connection.Scalar($"SELECT count(*) FROM ({ours})"));
        Assert.Equal(0L, connection.Scalar($"SELECT count(*) FROM (({ours}) EXCEPT ALL ({duckDb}))"));
        Assert.Equal(0L, connection.Scalar($"SELECT count(*) FROM (({duckDb}) EXCEPT ALL ({ours}))"));
        Assert.Equal("//5B", connection.Scalar($"SELECT raw_base64 FROM ({ours}) WHERE line = 4 AND raw IS NULL"));
        Assert.Equal(true, connection.Scalar($"SELECT truncated FROM ({ours}) WHERE line = 5 AND raw_bytes = 5000000"));
    }

    [Fact]
    public void No_dead_letter_file_is_an_empty_table_and_a_line_that_is_not_one_is_an_error()
    {
        string parquet = Path.Combine(_folder, "empty.parquet");
        using (var writer = new ParquetFileWriter(parquet, ParquetColumn.FromDelta(LakeTables.QuarantineRejected.Schema), new ParquetWriteOptions()))
        {
            QuarantineRows.Write(writer, Path.Combine(_folder, "missing.jsonl"));
            Assert.Equal(0, writer.Close().Rows);
        }

        string bad = Path.Combine(_folder, "bad.jsonl");
        File.WriteAllText(bad, "{\"source\":\"a\",\"line\":1,\"reason\":\"json\",\"raw\":\"x\"}\n{\"source\":\"a\"}\n");
        using var second = new ParquetFileWriter(Path.Combine(_folder, "bad.parquet"), ParquetColumn.FromDelta(LakeTables.QuarantineRejected.Schema), new ParquetWriteOptions());
        var error = Assert.Throws<InvalidDataException>(() => QuarantineRows.Write(second, bad));
        Assert.Contains("bad.jsonl:2", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
