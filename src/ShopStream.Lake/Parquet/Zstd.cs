using System.Runtime.InteropServices;

namespace ShopStream.Lake.Parquet;

/// <summary>
/// Compresses Parquet pages with the system's libzstd through one reused context (a context per call, as
/// <c>ZSTD_compress</c> makes, allocated and faulted in its tables for every page). One per writer thread: a context
/// is not thread-safe. A clear error when the library is missing.
/// </summary>
internal sealed class Zstd : IDisposable
{
    private readonly ZstdContextHandle _context;
    private readonly int _level;

    public Zstd(int level)
    {
        _level = level;
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
    }

    /// <summary>Appends the zstd frame of <paramref name="source"/> to <paramref name="output"/>; returns its length.</summary>
    public unsafe int Compress(ReadOnlySpan<byte> source, ByteBuffer output)
    {
        var target = output.GetSpan(checked((int)ZstdNative.ZSTD_compressBound((nuint)source.Length)));
        nuint written;
        fixed (byte* src = source)
        fixed (byte* dst = target)
            written = ZstdNative.ZSTD_compressCCtx(_context, dst, (nuint)target.Length, src, (nuint)source.Length, _level);
        if (ZstdNative.ZSTD_isError(written) != 0)
            throw new InvalidOperationException($"zstd: {Marshal.PtrToStringUTF8(ZstdNative.ZSTD_getErrorName(written))}");
        output.Advance((int)written);
        return (int)written;
    }

    public void Dispose() => _context.Dispose();
}
