using ShopStream.Lake.DuckDb;

namespace ShopStream.Lake.Tests.DuckDb;

public sealed class DuckDbTableFunctionTests : IDisposable
{
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open();
    private readonly DuckDbConnection _connection;

    public DuckDbTableFunctionTests() => _connection = _db.Connect();

    [Fact]
    public void Rows_from_dotnet_go_through_a_query_chunk_by_chunk_with_nulls_and_long_strings()
    {
        var source = new CountingRows(5000);
        var function = DuckDbTableFunction.Register(_connection, "test_rows", [("n", DuckDbType.BigInt), ("s", DuckDbType.Varchar)], source);
        function.Run(() =>
        {
            using var result = _connection.Query("SELECT count(*), sum(n)::BIGINT, count(s), max(length(s)) FROM test_rows()");
            using var chunk = result.NextChunk()!;
            Assert.Equal(5000L, chunk.Column(0).Int64(0));
            Assert.Equal(5000L * 4999 / 2, chunk.Column(1).Int64(0));
            Assert.Equal(2500L, chunk.Column(2).Int64(0));
            Assert.Equal(24L, chunk.Column(3).Int64(0));
        });
        Assert.True(source.Calls >= 3, $"{source.Calls} calls: the rows should come in several chunks");
    }

    [Fact]
    public void A_copy_from_the_function_writes_its_rows_to_parquet()
    {
        string file = Path.Combine(Path.GetTempPath(), $"shopstream-tf-{Guid.NewGuid():N}.parquet");
        try
        {
            var function = DuckDbTableFunction.Register(_connection, "test_rows", [("n", DuckDbType.BigInt), ("s", DuckDbType.Varchar)], new CountingRows(3000));
            function.Run(() => _connection.Execute($"COPY (SELECT * FROM test_rows()) TO {SqlText.Literal(file)} (FORMAT parquet)"));
            Assert.Equal(3000L, _connection.Scalar($"SELECT count(*) FROM read_parquet({SqlText.Literal(file)})"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void An_exception_in_the_source_fails_the_query_and_is_rethrown_as_it_was()
    {
        var function = DuckDbTableFunction.Register(_connection, "test_failing", [("n", DuckDbType.BigInt)], new FailingRows());
        var error = Assert.Throws<InvalidDataException>(() => function.Run(() => _connection.Execute("SELECT * FROM test_failing()")));
        Assert.Equal("bad input", error.Message);

        // Outside Run, DuckDB's own error carries the message.
        var duck = Assert.Throws<DuckDbException>(() => _connection.Execute("SELECT * FROM test_failing()"));
        Assert.Contains("bad input", duck.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
    }

    // n = 0..count-1; s NULL for odd n, else a string of 24 bytes (longer than DuckDB's 12 inline bytes).
    private sealed class CountingRows(int count) : IDuckDbRowSource
    {
        private int _next;

        public int Calls { get; private set; }

        public void Fill(DuckDbChunkBuilder rows)
        {
            Calls++;
            while (!rows.IsFull && _next < count)
            {
                int r = rows.NewRow();
                rows.SetInt64(0, r, _next);
                if (_next % 2 == 1)
                    rows.SetNull(1, r);
                else
                    rows.SetString(1, r, $"row {_next:D8} of a test..."[..24]);
                _next++;
            }
        }
    }

    private sealed class FailingRows : IDuckDbRowSource
    {
        public void Fill(DuckDbChunkBuilder rows) => throw new InvalidDataException("bad input");
    }
}
