using System.Runtime.InteropServices;

namespace ShopStream.Lake.Parquet;

/// <summary>The functions of the system's libzstd (Debian <c>libzstd1</c>) the Parquet writer compresses pages with.</summary>
internal static unsafe partial class ZstdNative
{
    internal const string Lib = "libzstd.so.1";

    [LibraryImport(Lib)]
    internal static partial IntPtr ZSTD_createCCtx();

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_freeCCtx(IntPtr cctx);

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_compressBound(nuint srcSize);

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_CCtx_setParameter(ZstdContextHandle cctx, int param, int value);

    [LibraryImport(Lib)]
    internal static partial nuint ZSTD_compress2(ZstdContextHandle cctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport(Lib)]
    internal static partial uint ZSTD_isError(nuint code);

    [LibraryImport(Lib)]
    internal static partial IntPtr ZSTD_getErrorName(nuint code);
}
