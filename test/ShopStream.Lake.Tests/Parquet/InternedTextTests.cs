using ShopStream.Lake.DuckDb;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Tests.Parquet;

/// <summary>
/// A string column given interned texts (<see cref="Utf8Text"/>) finds their dictionary entries by number: what
/// DuckDB reads back must be the texts' bytes whatever the numbers, across row groups (a new dictionary each), after
/// the dictionary overflows to PLAIN, and when two interning tables use the same numbers for different texts.
/// </summary>
public sealed class InternedTextTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("shopstream-interned-").FullName;
    private readonly DuckDbDatabase _db = DuckDbDatabase.Open();
    private readonly DuckDbConnection _connection;

    public InternedTextTests() => _connection = _db.Connect();

    [Theory]
    [InlineData(1_000, 10)]
    [InlineData(1_000, 40)]
    [InlineData(250, 1_000)]
    public void Interned_texts_read_back_as_their_bytes(int rowGroupRows, int dictionaryMaxEntries)
    {
        var owner = new object();
        var other = new object();
        var texts = Enumerable.Range(0, 30).Select(i => new Utf8Text(System.Text.Encoding.UTF8.GetBytes($"text {i} é"), owner, i)).ToArray();
        // Same numbers, other table, other bytes: must not be taken for the first table's entries.
        var strangers = Enumerable.Range(0, 30).Select(i => new Utf8Text(System.Text.Encoding.UTF8.GetBytes($"stranger {i}"), other, i)).ToArray();
        var expected = new List<string?>();
        string file = Path.Combine(_folder, "t.parquet");
        using (var w = new ParquetFileWriter(file, [new("s", ParquetColumnKind.String, true)], new ParquetWriteOptions { RowGroupRows = rowGroupRows, DictionaryMaxEntries = dictionaryMaxEntries }))
        {
            var random = new Random(7);
            for (int r = 0; r < 3_000; r++)
            {
                int pick = random.Next(64);
                if (pick < 30)
                {
                    // Few texts early on, all of them later: dictionaries that hold, and ones that overflow.
                    var text = texts[r < 1_500 ? pick % 5 : pick];
                    w.String(0).Add(text);
                    expected.Add(System.Text.Encoding.UTF8.GetString(text.Bytes));
                }
                else if (pick < 60)
                {
                    w.String(0).Add(strangers[pick - 30]);
                    expected.Add($"stranger {pick - 30}");
                }
                else if (pick < 62)
                {
                    w.String(0).Add(new Utf8Text("not interned"u8.ToArray(), owner, -1));
                    expected.Add("not interned");
                }
                else
                {
                    w.String(0).AddNull();
                    expected.Add(null);
                }

                w.EndRow();
            }

            w.Close();
        }

        var actual = new List<string?>();
        using var result = _connection.Query($"SELECT s FROM read_parquet({SqlText.Literal(file)})");
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++)
                actual.Add(chunk.Column(0).IsNull(r) ? null : chunk.Column(0).String(r));
        }

        Assert.Equal(expected, actual);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
