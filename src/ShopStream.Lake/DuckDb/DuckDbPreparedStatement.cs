using System.Text;

namespace ShopStream.Lake.DuckDb;

/// <summary>A prepared statement: bind values to its parameters (1-based, as in SQL's <c>$1</c>), then run it, as often as needed.</summary>
public sealed unsafe class DuckDbPreparedStatement : IDisposable
{
    private readonly PreparedStatementHandle _handle;

    internal DuckDbPreparedStatement(PreparedStatementHandle handle)
    {
        _handle = handle;
        ParameterCount = (int)DuckDbNative.duckdb_nparams(handle);
    }

    public int ParameterCount { get; }

    /// <summary>What kind of statement it is (SELECT, INSERT, COPY, ...), for callers that accept only some.</summary>
    public DuckDbStatementType StatementType => (DuckDbStatementType)(int)DuckDbNative.duckdb_prepared_statement_type(_handle);

    public DuckDbPreparedStatement Bind(int parameter, long value) => Check(DuckDbNative.duckdb_bind_int64(Open, Index(parameter), value), parameter);

    public DuckDbPreparedStatement Bind(int parameter, double value) => Check(DuckDbNative.duckdb_bind_double(Open, Index(parameter), value), parameter);

    public DuckDbPreparedStatement Bind(int parameter, bool value) => Check(DuckDbNative.duckdb_bind_boolean(Open, Index(parameter), value), parameter);

    /// <summary>Binds a UTC time as a TIMESTAMP (microseconds).</summary>
    public DuckDbPreparedStatement Bind(int parameter, DateTime value) =>
        Check(DuckDbNative.duckdb_bind_timestamp(Open, Index(parameter), UnixMicros.FromTicks(value.ToUniversalTime().Ticks)), parameter);

    /// <summary>Binds a string (NULL when null).</summary>
    public DuckDbPreparedStatement Bind(int parameter, string? value)
    {
        if (value is null)
            return BindNull(parameter);
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        fixed (byte* p = utf8)
            return Check(DuckDbNative.duckdb_bind_varchar_length(Open, Index(parameter), p, (ulong)utf8.Length), parameter);
    }

    public DuckDbPreparedStatement BindNull(int parameter) => Check(DuckDbNative.duckdb_bind_null(Open, Index(parameter)), parameter);

    public void ClearBindings() => DuckDbNative.duckdb_clear_bindings(Open);

    /// <summary>Runs the statement with the values bound so far.</summary>
    public DuckDbResult Query()
    {
        var result = new ResultHandle();
        if (DuckDbNative.duckdb_execute_prepared(Open, result) != DuckDbState.Success)
            throw DuckDbResult.Failure(result);
        return new DuckDbResult(result);
    }

    /// <summary>
    /// Runs the statement as a stream: its rows are computed as <see cref="DuckDbResult.NextChunk"/> asks for them,
    /// where <see cref="Query"/> holds them all before returning (two billion rows took 30 s before the first was
    /// printed). The connection runs nothing else until the result is disposed.
    /// </summary>
    public DuckDbResult QueryStreaming()
    {
        var result = new ResultHandle();
        if (DuckDbNative.duckdb_execute_prepared_streaming(Open, result) != DuckDbState.Success)
            throw DuckDbResult.Failure(result);
        return new DuckDbResult(result);
    }

    /// <summary>
    /// Why a streamed run of this statement failed part way. DuckDB 1.5.6 reports about one in fifty streamed runs
    /// that fail in a worker thread as "INTERRUPT Error: Interrupted!" (6 of 300 run one after another in a process;
    /// none of 300 materialized, nor of 300 streamed on one thread), and this binding never interrupts a query: for
    /// that message the cause is learned by running the statement again, streamed (its rows thrown away as they come,
    /// so memory stays flat), up to three times. Only for statements that change nothing, and after the streamed
    /// result is disposed (the connection runs one statement at a time).
    /// </summary>
    public string StreamedFailureCause(DuckDbException streamed)
    {
        ArgumentNullException.ThrowIfNull(streamed);
        for (int attempt = 0; attempt < 3 && IsUnaskedInterrupt(streamed); attempt++)
        {
            try
            {
                using var again = QueryStreaming();
                while (again.NextChunk() is { } chunk)
                    chunk.Dispose();
                break; // it ran through this time: nothing better to say
            }
            catch (DuckDbException failed)
            {
                streamed = failed;
            }
        }

        return streamed.Message;
    }

    private static bool IsUnaskedInterrupt(DuckDbException error) => error.Message.StartsWith("INTERRUPT Error", StringComparison.Ordinal);

    /// <summary>Runs the statement and returns the rows it changed.</summary>
    public long Execute()
    {
        using var result = Query();
        return result.RowsChanged;
    }

    public void Dispose() => _handle.Dispose();

    private PreparedStatementHandle Open
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    private ulong Index(int parameter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parameter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parameter, ParameterCount);
        return (ulong)parameter;
    }

    private DuckDbPreparedStatement Check(DuckDbState state, int parameter) =>
        state == DuckDbState.Success ? this : throw new DuckDbException($"cannot bind parameter {parameter}");
}
