using System.Runtime.InteropServices;

namespace ShopStream.Benchmarks.DuckDb;

/// <summary>An in-memory (or file) DuckDB database with one connection: run SQL, read small results.</summary>
internal sealed class DuckDbDatabase : IDisposable
{
    private IntPtr _database;
    private IntPtr _connection;

    public DuckDbDatabase(string? path = null)
    {
        DuckDbNative.EnsureResolver();
        if (DuckDbNative.duckdb_open(path, out _database) != DuckDbNative.State.Success)
            throw new InvalidOperationException($"duckdb_open({path ?? ":memory:"}) failed");
        if (DuckDbNative.duckdb_connect(_database, out _connection) != DuckDbNative.State.Success)
        {
            DuckDbNative.duckdb_close(ref _database);
            throw new InvalidOperationException("duckdb_connect failed");
        }
    }

    public static string Version
    {
        get
        {
            DuckDbNative.EnsureResolver();
            return Marshal.PtrToStringUTF8(DuckDbNative.duckdb_library_version()) ?? "?";
        }
    }

    /// <summary>Runs <paramref name="sql"/> and ignores any result.</summary>
    public void Execute(string sql) => Query(sql).Dispose();

    /// <summary>Runs <paramref name="sql"/>; throws with DuckDB's message on error.</summary>
    public DuckDbResult Query(string sql)
    {
        ObjectDisposedException.ThrowIf(_connection == IntPtr.Zero, this);
        var result = new DuckDbResult();
        if (DuckDbNative.duckdb_query(_connection, sql, out result.Native) != DuckDbNative.State.Success)
        {
            string message = Marshal.PtrToStringUTF8(DuckDbNative.duckdb_result_error(ref result.Native)) ?? "unknown error";
            result.Dispose();
            throw new InvalidOperationException($"DuckDB: {message}");
        }

        return result;
    }

    public void Dispose()
    {
        if (_connection != IntPtr.Zero)
            DuckDbNative.duckdb_disconnect(ref _connection);
        if (_database != IntPtr.Zero)
            DuckDbNative.duckdb_close(ref _database);
        _connection = IntPtr.Zero;
        _database = IntPtr.Zero;
    }
}
