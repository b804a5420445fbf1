namespace ShopStream.Lake.DuckDb;

/// <summary>A chunk of result rows; read its columns through <see cref="Column"/> while the chunk is not disposed.</summary>
public sealed class DuckDbChunk : IDisposable
{
    private readonly DataChunkHandle _handle;
    private readonly DuckDbColumn?[] _columns;

    internal DuckDbChunk(DataChunkHandle handle)
    {
        _handle = handle;
        RowCount = (int)DuckDbNative.duckdb_data_chunk_get_size(handle.DangerousGetHandle());
        _columns = new DuckDbColumn?[(int)DuckDbNative.duckdb_data_chunk_get_column_count(handle.DangerousGetHandle())];
    }

    public int RowCount { get; }

    public int ColumnCount => _columns.Length;

    /// <summary>A typed view of column <paramref name="index"/> of this chunk.</summary>
    public DuckDbColumn Column(int index)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return _columns[index] ??= DuckDbColumn.Of(DuckDbNative.duckdb_data_chunk_get_vector(_handle.DangerousGetHandle(), (ulong)index), RowCount);
    }

    public void Dispose() => _handle.Dispose();
}
