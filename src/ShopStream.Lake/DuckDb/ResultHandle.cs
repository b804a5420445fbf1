using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ShopStream.Lake.DuckDb;

/// <summary>
/// Native memory for one duckdb_result struct, which DuckDB fills in; released by destroying the result (also after
/// an error, as duckdb.h asks) and freeing the memory.
/// </summary>
internal sealed unsafe class ResultHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ResultHandle()
        : base(ownsHandle: true)
    {
        SetHandle((IntPtr)NativeMemory.AllocZeroed((nuint)sizeof(DuckDbNative.NativeResult)));
    }

    /// <summary>The struct's current contents, for the calls that take it by value.</summary>
    internal DuckDbNative.NativeResult Value => *(DuckDbNative.NativeResult*)handle;

    protected override bool ReleaseHandle()
    {
        DuckDbNative.duckdb_destroy_result(handle);
        NativeMemory.Free((void*)handle);
        return true;
    }
}
