namespace ShopStream.Lake.DuckDb;

/// <summary>The rows of a <see cref="DuckDbTableFunction"/>, produced by .NET while DuckDB runs the query that reads them.</summary>
public interface IDuckDbRowSource
{
    /// <summary>
    /// Adds the next rows to <paramref name="rows"/> (up to its capacity; every column of every row set). Returning
    /// with no rows ends the function's output for the query. Called on a DuckDB thread, one call at a time.
    /// </summary>
    void Fill(DuckDbChunkBuilder rows);
}
