using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace ShopStream.Lake.DuckDb;

/// <summary>
/// A table function of one connection whose rows come from .NET: <c>COPY (SELECT ... FROM name()) TO ...</c> pulls
/// them from an <see cref="IDuckDbRowSource"/> chunk by chunk, straight into the query's pipeline. Rows that only pass
/// through (to a Parquet file) are not stored in a DuckDB table first, which would compute the table's statistics
/// (distinct counts, string ranges) and copy every string twice more. DuckDB calls the source from one thread at a time.
/// </summary>
public sealed unsafe class DuckDbTableFunction
{
    private readonly (string Name, DuckDbColumnType Type)[] _columns;
    private readonly IDuckDbRowSource _source;
    private readonly DuckDbChunkBuilder _rows;
    private ExceptionDispatchInfo? _failure;

    private DuckDbTableFunction((string Name, DuckDbColumnType Type)[] columns, IDuckDbRowSource source)
    {
        _columns = columns;
        _source = source;
        _rows = DuckDbChunkBuilder.ForOutput(columns.Select(c => c.Type).ToArray());
    }

    /// <summary>
    /// Registers <paramref name="name"/> (a constant of the lake code) on <paramref name="connection"/>, with the given
    /// columns, as long as the database lives.
    /// </summary>
    public static DuckDbTableFunction Register(DuckDbConnection connection, string name, IReadOnlyList<(string Name, DuckDbColumnType Type)> columns, IDuckDbRowSource source)
    {
        var function = new DuckDbTableFunction([.. columns], source);
        IntPtr native = DuckDbNative.duckdb_create_table_function();
        try
        {
            DuckDbNative.duckdb_table_function_set_name(native, name);

            // The database owns the handle from here: it frees it through Destroy when the function is dropped.
            DuckDbNative.duckdb_table_function_set_extra_info(native, GCHandle.ToIntPtr(GCHandle.Alloc(function)), &Destroy);
            DuckDbNative.duckdb_table_function_set_bind(native, &Bind);
            DuckDbNative.duckdb_table_function_set_init(native, &Init);
            DuckDbNative.duckdb_table_function_set_function(native, &Produce);
            if (DuckDbNative.duckdb_register_table_function(connection.Handle, native) != DuckDbState.Success)
                throw new DuckDbException($"cannot register the table function {name}");
        }
        finally
        {
            DuckDbNative.duckdb_destroy_table_function(ref native);
        }

        return function;
    }

    /// <summary>
    /// Runs <paramref name="query"/>, which reads this function; if the source threw, throws that exception rather
    /// than DuckDB's message about it.
    /// </summary>
    public void Run(Action query)
    {
        _failure = null;
        try
        {
            query();
        }
        catch (DuckDbException) when (_failure is not null)
        {
            _failure.Throw();
        }
    }

    private static DuckDbTableFunction Of(IntPtr extraInfo) => (DuckDbTableFunction)GCHandle.FromIntPtr(extraInfo).Target!;

    [UnmanagedCallersOnly]
    private static void Destroy(IntPtr extraInfo) => GCHandle.FromIntPtr(extraInfo).Free();

    [UnmanagedCallersOnly]
    private static void Bind(IntPtr info)
    {
        foreach (var (name, type) in Of(DuckDbNative.duckdb_bind_get_extra_info(info))._columns)
        {
            IntPtr logical = type.CreateLogicalType();
            DuckDbNative.duckdb_bind_add_result_column(info, name, logical);
            DuckDbNative.duckdb_destroy_logical_type(ref logical);
        }
    }

    [UnmanagedCallersOnly]
    private static void Init(IntPtr info) => DuckDbNative.duckdb_init_set_max_threads(info, 1);

    [UnmanagedCallersOnly]
    private static void Produce(IntPtr info, IntPtr output)
    {
        var function = Of(DuckDbNative.duckdb_function_get_extra_info(info));
        try
        {
            function._rows.Attach(output);
            function._source.Fill(function._rows);
            function._rows.Prepared();
        }
        catch (Exception ex)
        {
            // An exception must not cross into native code: DuckDB fails the query with the message, Run rethrows it.
            function._failure = ExceptionDispatchInfo.Capture(ex);
            DuckDbNative.duckdb_data_chunk_set_size(output, 0);
            DuckDbNative.duckdb_function_set_error(info, ex.Message);
        }
    }
}
