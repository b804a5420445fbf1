using System.Runtime.InteropServices;

namespace ShopStream.Lake.DuckDb;

/// <summary>
/// A connection: run SQL, prepare statements with parameters, append rows. Not thread-safe (one thread at a time).
/// SQL text passed here must never be built from user strings: bind values as parameters instead.
/// </summary>
public sealed class DuckDbConnection : IDisposable
{
    private readonly ConnectionHandle _handle;

    internal DuckDbConnection(ConnectionHandle handle) => _handle = handle;

    /// <summary>Runs one or more statements and discards any result.</summary>
    public void Execute(string sql) => Query(sql).Dispose();

    /// <summary>Runs <paramref name="sql"/>; the result is read chunk by chunk.</summary>
    /// <exception cref="DuckDbException">DuckDB's error message.</exception>
    public DuckDbResult Query(string sql)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var result = new ResultHandle();
        if (DuckDbNative.duckdb_query(_handle, sql, result) != DuckDbState.Success)
            throw DuckDbResult.Failure(result);
        return new DuckDbResult(result);
    }

    /// <summary>Runs <paramref name="sql"/> and returns the first column of the first row (null when there is no row or it is NULL).</summary>
    public object? Scalar(string sql)
    {
        using var result = Query(sql);
        return result.FirstValue();
    }

    /// <summary>Prepares one statement whose <c>?</c> or <c>$1</c> parameters are bound later.</summary>
    public DuckDbPreparedStatement Prepare(string sql)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var statement = new PreparedStatementHandle();
        var state = DuckDbNative.duckdb_prepare(_handle, sql, out IntPtr s);
        if (state != DuckDbState.Success)
        {
            string message = Marshal.PtrToStringUTF8(DuckDbNative.duckdb_prepare_error(s)) ?? "unknown error";
            DuckDbNative.duckdb_destroy_prepare(ref s);
            statement.Dispose();
            throw new DuckDbException(message);
        }

        statement.Set(s, _handle);
        return new DuckDbPreparedStatement(statement);
    }

    /// <summary>An appender for fast inserts into <paramref name="table"/> (an existing table of the main schema).</summary>
    public DuckDbAppender CreateAppender(string table)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var appender = new AppenderHandle();
        if (DuckDbNative.duckdb_appender_create(_handle, null, table, out IntPtr a) != DuckDbState.Success)
        {
            string message = Marshal.PtrToStringUTF8(DuckDbNative.duckdb_appender_error(a)) ?? "unknown error";
            DuckDbNative.duckdb_appender_destroy(ref a);
            appender.Dispose();
            throw new DuckDbException($"cannot append to {table}: {message}");
        }

        appender.Set(a, _handle);
        return new DuckDbAppender(appender);
    }

    public void Dispose() => _handle.Dispose();

    internal ConnectionHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }
}
