namespace ShopStream.Lake.DuckDb;

/// <summary>A duckdb_prepared_statement; destroyed when released.</summary>
internal sealed class PreparedStatementHandle : ChildHandle
{
    protected override void Free(IntPtr value) => DuckDbNative.duckdb_destroy_prepare(ref value);
}
