namespace ShopStream.Lake.DuckDb;

/// <summary>A duckdb_connection; disconnected when released.</summary>
internal sealed class ConnectionHandle : ChildHandle
{
    protected override void Free(IntPtr value) => DuckDbNative.duckdb_disconnect(ref value);
}
