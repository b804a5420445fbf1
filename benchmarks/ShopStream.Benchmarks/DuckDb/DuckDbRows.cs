using ShopStream.Lake.DuckDb;

namespace ShopStream.Benchmarks.DuckDb;

/// <summary>Reads a one-row result into a name → value map (the summary query's shape).</summary>
internal static class DuckDbRows
{
    public static Dictionary<string, object?> Single(DuckDbConnection connection, string sql)
    {
        using var result = connection.Query(sql);
        using var chunk = result.NextChunk() ?? throw new InvalidOperationException("the query returned no row");
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (int c = 0; c < result.ColumnCount; c++)
            row[result.ColumnName(c)] = chunk.Column(c).Value(0);
        return row;
    }
}
