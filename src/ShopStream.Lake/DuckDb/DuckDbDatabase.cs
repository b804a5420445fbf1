using System.Runtime.InteropServices;

namespace ShopStream.Lake.DuckDb;

/// <summary>A DuckDB database, in memory or in a file; open connections to use it. Disposing closes it once its connections are gone.</summary>
public sealed class DuckDbDatabase : IDisposable
{
    private readonly DatabaseHandle _handle;
    private bool _disposed;

    private DuckDbDatabase(DatabaseHandle handle) => _handle = handle;

    /// <summary>Opens (or creates) the database file at <paramref name="path"/>, or an in-memory database when it is null.</summary>
    /// <exception cref="DuckDbException">DuckDB cannot open it (with its message).</exception>
    public static DuckDbDatabase Open(string? path = null)
    {
        DuckDbLibrary.EnsureLoaded();
        var handle = new DatabaseHandle();
        if (DuckDbNative.duckdb_open_ext(path, out IntPtr db, IntPtr.Zero, out IntPtr error) != DuckDbState.Success)
        {
            string message = Marshal.PtrToStringUTF8(error) ?? "unknown error";
            DuckDbNative.duckdb_free(error);
            handle.Dispose();
            throw new DuckDbException($"cannot open DuckDB database {path ?? ":memory:"}: {message}");
        }

        handle.Set(db);
        return new DuckDbDatabase(handle);
    }

    /// <summary>A new connection; each connection is for one thread at a time.</summary>
    public DuckDbConnection Connect()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new ConnectionHandle();
        if (DuckDbNative.duckdb_connect(_handle, out IntPtr c) != DuckDbState.Success)
        {
            connection.Dispose();
            throw new DuckDbException("cannot connect to the DuckDB database");
        }

        connection.Set(c, _handle);
        return new DuckDbConnection(connection);
    }

    /// <summary>Lets the database close; it does once its last connection is disposed too.</summary>
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }
}
