using System.Runtime.InteropServices;

namespace ShopStream.Lake.Parquet;

/// <summary>A zstd compression context (<c>ZSTD_CCtx</c>), freed with the handle.</summary>
internal sealed class ZstdContextHandle : SafeHandle
{
    public ZstdContextHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        ZstdNative.ZSTD_freeCCtx(handle);
        return true;
    }
}
