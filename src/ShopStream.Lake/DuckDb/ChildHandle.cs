using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ShopStream.Lake.DuckDb;

/// <summary>
/// A native object that needs its parent alive (a connection needs its database, a statement its connection):
/// it holds a reference on the parent's handle until it is released, so finalisation order cannot free the parent first.
/// </summary>
internal abstract class ChildHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private SafeHandle? _parent;

    protected ChildHandle()
        : base(ownsHandle: true)
    {
    }

    internal void Set(IntPtr value, SafeHandle parent)
    {
        bool added = false;
        parent.DangerousAddRef(ref added);
        _parent = parent;
        SetHandle(value);
    }

    protected sealed override bool ReleaseHandle()
    {
        Free(handle);
        _parent?.DangerousRelease();
        _parent = null;
        return true;
    }

    protected abstract void Free(IntPtr value);
}
