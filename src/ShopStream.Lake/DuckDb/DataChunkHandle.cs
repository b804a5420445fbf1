using Microsoft.Win32.SafeHandles;

namespace ShopStream.Lake.DuckDb;

/// <summary>A duckdb_data_chunk (fetched from a result or created for appending); destroyed when released.</summary>
internal sealed class DataChunkHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DataChunkHandle(IntPtr chunk)
        : base(ownsHandle: true)
    {
        SetHandle(chunk);
    }

    protected override bool ReleaseHandle()
    {
        IntPtr h = handle;
        DuckDbNative.duckdb_destroy_data_chunk(ref h);
        return true;
    }
}
