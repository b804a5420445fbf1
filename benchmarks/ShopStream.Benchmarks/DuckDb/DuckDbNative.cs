using System.Reflection;
using System.Runtime.InteropServices;
using ShopStream.Benchmarks.Cli;

namespace ShopStream.Benchmarks.DuckDb;

/// <summary>
/// The few functions of DuckDB's C API (duckdb.h, 1.5) the reference query needs. The library is loaded from
/// <c>SHOPSTREAM_DUCKDB_LIB</c> or <c>.tools/duckdb/libduckdb.so</c> (see benchmarks/README.md for how to fetch it).
/// </summary>
internal static partial class DuckDbNative
{
    private const string Library = "duckdb";
    private static readonly Lock s_gate = new();
    private static bool s_resolverSet;

    /// <summary>duckdb_state.</summary>
    internal enum State
    {
        Success = 0,
        Error = 1,
    }

    /// <summary>duckdb_result: the (deprecated) public fields, then the internal pointer; 48 bytes on 64-bit.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Result
    {
        public ulong ColumnCount;
        public ulong RowCount;
        public ulong RowsChanged;
        public IntPtr Columns;
        public IntPtr ErrorMessage;
        public IntPtr InternalData;
    }

    /// <summary>Points the <c>duckdb</c> import at the library file; call before the first native call.</summary>
    public static void EnsureResolver()
    {
        lock (s_gate)
        {
            if (s_resolverSet)
                return;
            NativeLibrary.SetDllImportResolver(typeof(DuckDbNative).Assembly, Resolve);
            s_resolverSet = true;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
            return IntPtr.Zero;
        string path = Paths.DuckDbLibrary;
        if (!File.Exists(path))
        {
            throw new DllNotFoundException(
                $"libduckdb.so not found at {path}: set SHOPSTREAM_DUCKDB_LIB or fetch it (benchmarks/README.md, 'DuckDB reference')");
        }

        return NativeLibrary.Load(path);
    }

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial State duckdb_open(string? path, out IntPtr database);

    [LibraryImport(Library)]
    internal static partial void duckdb_close(ref IntPtr database);

    [LibraryImport(Library)]
    internal static partial State duckdb_connect(IntPtr database, out IntPtr connection);

    [LibraryImport(Library)]
    internal static partial void duckdb_disconnect(ref IntPtr connection);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial State duckdb_query(IntPtr connection, string query, out Result result);

    [LibraryImport(Library)]
    internal static partial void duckdb_destroy_result(ref Result result);

    [LibraryImport(Library)]
    internal static partial IntPtr duckdb_result_error(ref Result result);

    [LibraryImport(Library)]
    internal static partial ulong duckdb_column_count(ref Result result);

    [LibraryImport(Library)]
    internal static partial ulong duckdb_row_count(ref Result result);

    [LibraryImport(Library)]
    internal static partial IntPtr duckdb_column_name(ref Result result, ulong column);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool duckdb_value_is_null(ref Result result, ulong column, ulong row);

    [LibraryImport(Library)]
    internal static partial long duckdb_value_int64(ref Result result, ulong column, ulong row);

    /// <summary>Returns a string the caller frees with <see cref="duckdb_free"/>.</summary>
    [LibraryImport(Library)]
    internal static partial IntPtr duckdb_value_varchar(ref Result result, ulong column, ulong row);

    [LibraryImport(Library)]
    internal static partial void duckdb_free(IntPtr pointer);

    [LibraryImport(Library)]
    internal static partial IntPtr duckdb_library_version();
}
