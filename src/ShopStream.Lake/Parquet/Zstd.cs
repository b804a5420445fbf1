using System.Runtime.InteropServices;

namespace ShopStream.Lake.Parquet;

/// <summary>
/// Compresses Parquet pages with the system's libzstd through one reused context (a context per call, as
/// <c>ZSTD_compress</c> makes, allocated and faulted in its tables for every page). One per writer thread: a context
/// is not thread-safe. A clear error when the library is missing.
/// </summary>
internal sealed class Zstd : IDisposable
{
    // ZSTD_c_compressionLevel, and ZSTD_c_literalCompressionMode (experimental: ZSTD_c_experimentalParam5) with
    // ZSTD_ps_enable, from zstd.h.
    private const int CompressionLevelParameter = 100;
    private const int LiteralCompressionModeParameter = 1002;
    private const int Enable = 1;

    private readonly ZstdContextHandle _context;

    /// <param name="level">
    /// zstd's level. The negative (fast) levels keep Huffman-coding literals here, which zstd by default leaves off
    /// for them: the lake's ids are hex and UUID text, whose literals are most of what compresses.
    /// </param>
    public Zstd(int level)
    {
        IntPtr context;
        try
        {
            context = ZstdNative.ZSTD_createCCtx();
        }
        catch (DllNotFoundException ex)
        {
            throw new DllNotFoundException($"{ZstdNative.Lib} could not be loaded (the lake's Parquet writer compresses with it): install Debian's libzstd1 (scripts/setup.sh does)", ex);
        }

        if (context == IntPtr.Zero)
            throw new OutOfMemoryException("ZSTD_createCCtx failed");
        _context = new ZstdContextHandle();
        Marshal.InitHandle(_context, context);
        Check(ZstdNative.ZSTD_CCtx_setParameter(_context, CompressionLevelParameter, level));
        if (level < 0)
        {
            // An older libzstd without the parameter compresses literals less, but still correctly: not an error.
            ZstdNative.ZSTD_CCtx_setParameter(_context, LiteralCompressionModeParameter, Enable);
        }
    }

    /// <summary>Appends the zstd frame of <paramref name="source"/> to <paramref name="output"/>; returns its length.</summary>
    public unsafe int Compress(ReadOnlySpan<byte> source, ByteBuffer output)
    {
        var target = output.GetSpan(checked((int)ZstdNative.ZSTD_compressBound((nuint)source.Length)));
        nuint written;
        fixed (byte* src = source)
        fixed (byte* dst = target)
            written = Check(ZstdNative.ZSTD_compress2(_context, dst, (nuint)target.Length, src, (nuint)source.Length));
        output.Advance((int)written);
        return (int)written;
    }

    private static nuint Check(nuint result) => ZstdNative.ZSTD_isError(result) != 0
        ? throw new InvalidOperationException($"zstd: {Marshal.PtrToStringUTF8(ZstdNative.ZSTD_getErrorName(result))}")
        : result;

    public void Dispose() => _context.Dispose();
}
