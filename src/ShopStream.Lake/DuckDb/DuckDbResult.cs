using System.Runtime.InteropServices;

namespace ShopStream.Lake.DuckDb;

/// <summary>A query's result: its columns, and its rows as typed chunks of up to 2,048 rows.</summary>
public sealed class DuckDbResult : IDisposable
{
    private readonly ResultHandle _handle;

    internal DuckDbResult(ResultHandle handle)
    {
        _handle = handle;
        ColumnCount = (int)DuckDbNative.duckdb_column_count(handle);
    }

    public int ColumnCount { get; }

    /// <summary>Rows inserted, updated or deleted by the statement (0 for a query).</summary>
    public long RowsChanged => (long)DuckDbNative.duckdb_rows_changed(_handle);

    public string ColumnName(int column)
    {
        CheckColumn(column);
        return Marshal.PtrToStringUTF8(DuckDbNative.duckdb_column_name(_handle, (ulong)column)) ?? "";
    }

    public DuckDbType ColumnType(int column)
    {
        CheckColumn(column);
        return DuckDbNative.duckdb_column_type(_handle, (ulong)column);
    }

    /// <summary>The next chunk of rows, or null at the end. Dispose each chunk when done with it.</summary>
    /// <exception cref="DuckDbException">A streamed result failed part way (its rows are computed as they are fetched).</exception>
    public DuckDbChunk? NextChunk()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        IntPtr chunk = DuckDbNative.duckdb_fetch_chunk(_handle.Value);
        if (chunk != IntPtr.Zero)
            return new DuckDbChunk(new DataChunkHandle(chunk));
        if (Marshal.PtrToStringUTF8(DuckDbNative.duckdb_result_error(_handle)) is { } error)
            throw new DuckDbException(error); // not the end: an error, which looked like one
        return null;
    }

    /// <summary>The rest of the rows, chunk by chunk; each chunk is disposed when the enumeration moves on.</summary>
    public IEnumerable<DuckDbChunk> Chunks()
    {
        while (NextChunk() is { } chunk)
        {
            using (chunk)
                yield return chunk;
        }
    }

    /// <summary>The first column of the first row, as <see cref="DuckDbColumn.Value"/> gives it.</summary>
    public object? FirstValue()
    {
        using var chunk = NextChunk();
        return chunk is null || chunk.RowCount == 0 ? null : chunk.Column(0).Value(0);
    }

    public void Dispose() => _handle.Dispose();

    internal static DuckDbException Failure(ResultHandle result)
    {
        string message = Marshal.PtrToStringUTF8(DuckDbNative.duckdb_result_error(result)) ?? "unknown error";
        result.Dispose();
        return new DuckDbException(message);
    }

    private void CheckColumn(int column)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, ColumnCount);
    }
}
