using Microsoft.Win32.SafeHandles;

namespace ShopStream.Lake.DuckDb;

/// <summary>An open duckdb_database; closed when released.</summary>
internal sealed class DatabaseHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DatabaseHandle()
        : base(ownsHandle: true)
    {
    }

    internal void Set(IntPtr database) => SetHandle(database);

    protected override bool ReleaseHandle()
    {
        IntPtr h = handle;
        DuckDbNative.duckdb_close(ref h);
        return true;
    }
}
