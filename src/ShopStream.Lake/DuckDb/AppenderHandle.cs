namespace ShopStream.Lake.DuckDb;

/// <summary>A duckdb_appender; destroyed when released (which flushes what is left, errors ignored: call Close to see them).</summary>
internal sealed class AppenderHandle : ChildHandle
{
    protected override void Free(IntPtr value) => DuckDbNative.duckdb_appender_destroy(ref value);
}
