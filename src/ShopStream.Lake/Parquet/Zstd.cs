using System.Runtime.InteropServices;

namespace ShopStream.Lake.Parquet;

/// <summary>Compresses Parquet pages with the system's libzstd; a clear error when the library is missing.</summary>
internal static class Zstd
{
    /// <summary>Appends the zstd frame of <paramref name="source"/> to <paramref name="output"/>; returns its length.</summary>
    public static unsafe int Compress(ReadOnlySpan<byte> source, ByteBuffer output, int level)
    {
        nuint bound;
        try
        {
            bound = ZstdNative.ZSTD_compressBound((nuint)source.Length);
        }
        catch (DllNotFoundException ex)
        {
            throw new DllNotFoundException($"{ZstdNative.Lib} could not be loaded (the lake's Parquet writer compresses with it): install Debian's libzstd1 (scripts/setup.sh does)", ex);
        }

        var target = output.GetSpan(checked((int)bound));
        nuint written;
        fixed (byte* src = source)
        fixed (byte* dst = target)
            written = ZstdNative.ZSTD_compress(dst, (nuint)target.Length, src, (nuint)source.Length, level);
        if (ZstdNative.ZSTD_isError(written) != 0)
            throw new InvalidOperationException($"zstd: {Marshal.PtrToStringUTF8(ZstdNative.ZSTD_getErrorName(written))}");
        output.Advance((int)written);
        return (int)written;
    }
}
