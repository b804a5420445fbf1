using System.Runtime.InteropServices;

namespace ShopStream.Lake.DuckDb;

/// <summary>
/// The part of DuckDB's C API (duckdb.h, 1.5) the binding uses, as source-generated P/Invokes. Handles that own
/// native memory travel as <see cref="SafeHandle"/>s; chunks and vectors, only borrowed inside a call, as pointers.
/// </summary>
internal static unsafe partial class DuckDbNative
{
    private const string Lib = DuckDbLibrary.Name;

    // Database and connection

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_open_ext(string? path, out IntPtr database, IntPtr config, out IntPtr error);

    [LibraryImport(Lib)]
    internal static partial void duckdb_close(ref IntPtr database);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_connect(DatabaseHandle database, out IntPtr connection);

    [LibraryImport(Lib)]
    internal static partial void duckdb_disconnect(ref IntPtr connection);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_library_version();

    [LibraryImport(Lib)]
    internal static partial void duckdb_free(IntPtr pointer);

    // Results: duckdb_result is a 48-byte struct the caller owns; ResultHandle holds a pointer to one.

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_query(ConnectionHandle connection, string query, ResultHandle result);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_result(IntPtr result);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_result_error(ResultHandle result);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_column_count(ResultHandle result);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_column_name(ResultHandle result, ulong column);

    [LibraryImport(Lib)]
    internal static partial DuckDbType duckdb_column_type(ResultHandle result, ulong column);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_column_logical_type(ResultHandle result, ulong column);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_rows_changed(ResultHandle result);

    /// <summary>Takes the result struct by value (as duckdb.h declares it); returns null when the result is exhausted.</summary>
    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_fetch_chunk(NativeResult result);

    // Prepared statements

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_prepare(ConnectionHandle connection, string query, out IntPtr statement);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_prepare(ref IntPtr statement);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_prepare_error(IntPtr statement);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_nparams(PreparedStatementHandle statement);

    [LibraryImport(Lib)]
    internal static partial DuckDbStatementType duckdb_prepared_statement_type(PreparedStatementHandle statement);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_clear_bindings(PreparedStatementHandle statement);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_int64(PreparedStatementHandle statement, ulong index, long value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_double(PreparedStatementHandle statement, ulong index, double value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_boolean(PreparedStatementHandle statement, ulong index, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_varchar_length(PreparedStatementHandle statement, ulong index, byte* value, ulong length);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_timestamp(PreparedStatementHandle statement, ulong index, long micros);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_null(PreparedStatementHandle statement, ulong index);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_execute_prepared(PreparedStatementHandle statement, ResultHandle result);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_execute_prepared_streaming(PreparedStatementHandle statement, ResultHandle result);

    // Appender

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_appender_create(ConnectionHandle connection, string? schema, string table, out IntPtr appender);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_appender_error(IntPtr appender);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_appender_flush(AppenderHandle appender);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_appender_close(AppenderHandle appender);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_appender_destroy(ref IntPtr appender);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_appender_column_count(AppenderHandle appender);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_appender_column_type(AppenderHandle appender, ulong column);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_appender_end_row(AppenderHandle appender);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_int64(AppenderHandle appender, long value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_int32(AppenderHandle appender, int value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_double(AppenderHandle appender, double value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_bool(AppenderHandle appender, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_varchar_length(AppenderHandle appender, byte* value, ulong length);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_timestamp(AppenderHandle appender, long micros);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_null(AppenderHandle appender);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_data_chunk(AppenderHandle appender, IntPtr chunk);

    // Logical types, data chunks and vectors

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_create_logical_type(DuckDbType type);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_create_decimal_type(byte width, byte scale);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_logical_type(ref IntPtr type);

    [LibraryImport(Lib)]
    internal static partial DuckDbType duckdb_get_type_id(IntPtr type);

    [LibraryImport(Lib)]
    internal static partial byte duckdb_decimal_scale(IntPtr type);

    [LibraryImport(Lib)]
    internal static partial DuckDbType duckdb_decimal_internal_type(IntPtr type);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_create_data_chunk(IntPtr* types, ulong columnCount);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_data_chunk(ref IntPtr chunk);

    [LibraryImport(Lib)]
    internal static partial void duckdb_data_chunk_reset(IntPtr chunk);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_data_chunk_get_size(IntPtr chunk);

    [LibraryImport(Lib)]
    internal static partial void duckdb_data_chunk_set_size(IntPtr chunk, ulong size);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_data_chunk_get_column_count(IntPtr chunk);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_data_chunk_get_vector(IntPtr chunk, ulong column);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_vector_get_data(IntPtr vector);

    [LibraryImport(Lib)]
    internal static partial ulong* duckdb_vector_get_validity(IntPtr vector);

    [LibraryImport(Lib)]
    internal static partial void duckdb_vector_ensure_validity_writable(IntPtr vector);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_vector_get_column_type(IntPtr vector);

    [LibraryImport(Lib)]
    internal static partial void duckdb_vector_assign_string_element_len(IntPtr vector, ulong index, byte* value, ulong length);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_vector_size();

    /// <summary>duckdb_result as laid out in duckdb.h (deprecated public fields, then the internal pointer).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct NativeResult
    {
        public ulong DeprecatedColumnCount;
        public ulong DeprecatedRowCount;
        public ulong DeprecatedRowsChanged;
        public IntPtr DeprecatedColumns;
        public IntPtr DeprecatedErrorMessage;
        public IntPtr InternalData;
    }
}
