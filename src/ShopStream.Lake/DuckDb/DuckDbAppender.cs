using System.Runtime.InteropServices;
using System.Text;

namespace ShopStream.Lake.DuckDb;

/// <summary>
/// Fast inserts into one table: row by row (append each column's value, then <see cref="EndRow"/>) or a whole
/// <see cref="DuckDbChunkBuilder"/> at a time (the fast path). <see cref="Close"/> flushes and reports errors;
/// disposing without closing flushes what it can and drops errors.
/// </summary>
public sealed unsafe class DuckDbAppender : IDisposable
{
    private readonly AppenderHandle _handle;

    internal DuckDbAppender(AppenderHandle handle)
    {
        _handle = handle;
        ColumnCount = (int)DuckDbNative.duckdb_appender_column_count(handle);
    }

    public int ColumnCount { get; }

    public DuckDbAppender Append(long value) => Check(DuckDbNative.duckdb_append_int64(Open, value));

    public DuckDbAppender Append(int value) => Check(DuckDbNative.duckdb_append_int32(Open, value));

    public DuckDbAppender Append(double value) => Check(DuckDbNative.duckdb_append_double(Open, value));

    public DuckDbAppender Append(bool value) => Check(DuckDbNative.duckdb_append_bool(Open, value));

    /// <summary>A UTC time, to a TIMESTAMP or TIMESTAMPTZ column (microseconds).</summary>
    public DuckDbAppender Append(DateTime value) =>
        Check(DuckDbNative.duckdb_append_timestamp(Open, UnixMicros.FromTicks(value.ToUniversalTime().Ticks)));

    /// <summary>A decimal, exactly (as text, which DuckDB casts to the column's DECIMAL).</summary>
    public DuckDbAppender Append(decimal value) => Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A string, or NULL when null.</summary>
    public DuckDbAppender Append(string? value)
    {
        if (value is null)
            return AppendNull();
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        return AppendUtf8(utf8);
    }

    /// <summary>UTF-8 text as it is.</summary>
    public DuckDbAppender AppendUtf8(ReadOnlySpan<byte> utf8)
    {
        fixed (byte* p = utf8)
            return Check(DuckDbNative.duckdb_append_varchar_length(Open, p, (ulong)utf8.Length));
    }

    public DuckDbAppender AppendNull() => Check(DuckDbNative.duckdb_append_null(Open));

    /// <summary>Ends the row; every column must have had a value.</summary>
    public void EndRow() => Check(DuckDbNative.duckdb_appender_end_row(Open));

    /// <summary>Appends the builder's rows (its columns must match the table's) and empties the builder.</summary>
    public void Append(DuckDbChunkBuilder rows)
    {
        if (rows.RowCount == 0)
            return;
        Check(DuckDbNative.duckdb_append_data_chunk(Open, rows.Prepared()));
        rows.Reset();
    }

    /// <summary>Writes the rows appended so far into the table.</summary>
    public void Flush() => Check(DuckDbNative.duckdb_appender_flush(Open));

    /// <summary>Flushes and closes; throws if the last rows cannot be written (a constraint, a bad value).</summary>
    public void Close() => Check(DuckDbNative.duckdb_appender_close(Open));

    public void Dispose() => _handle.Dispose();

    private AppenderHandle Open
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    private DuckDbAppender Check(DuckDbState state)
    {
        if (state == DuckDbState.Success)
            return this;
        string message = Marshal.PtrToStringUTF8(DuckDbNative.duckdb_appender_error(_handle.DangerousGetHandle())) ?? "unknown error";
        throw new DuckDbException($"append failed: {message}");
    }
}
