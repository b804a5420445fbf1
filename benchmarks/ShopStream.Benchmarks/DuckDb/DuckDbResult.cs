using System.Runtime.InteropServices;

namespace ShopStream.Benchmarks.DuckDb;

/// <summary>A materialised query result, read by value (fine for the few rows the summary query returns).</summary>
internal sealed class DuckDbResult : IDisposable
{
    internal DuckDbNative.Result Native;
    private bool _disposed;

    public int ColumnCount => (int)DuckDbNative.duckdb_column_count(ref Native);

    public long RowCount => (long)DuckDbNative.duckdb_row_count(ref Native);

    public string ColumnName(int column) => Marshal.PtrToStringUTF8(DuckDbNative.duckdb_column_name(ref Native, (ulong)column)) ?? "";

    public int ColumnIndex(string name)
    {
        for (int c = 0; c < ColumnCount; c++)
        {
            if (ColumnName(c) == name)
                return c;
        }

        throw new KeyNotFoundException($"no column '{name}' in the result");
    }

    public bool IsNull(int column, long row) => DuckDbNative.duckdb_value_is_null(ref Native, (ulong)column, (ulong)row);

    public long Int64(int column, long row) => DuckDbNative.duckdb_value_int64(ref Native, (ulong)column, (ulong)row);

    public long Int64(string column, long row = 0) => Int64(ColumnIndex(column), row);

    public string? Varchar(int column, long row)
    {
        IntPtr p = DuckDbNative.duckdb_value_varchar(ref Native, (ulong)column, (ulong)row);
        if (p == IntPtr.Zero)
            return null;
        try
        {
            return Marshal.PtrToStringUTF8(p);
        }
        finally
        {
            DuckDbNative.duckdb_free(p);
        }
    }

    public string? Varchar(string column, long row = 0) => Varchar(ColumnIndex(column), row);

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        DuckDbNative.duckdb_destroy_result(ref Native);
    }
}
