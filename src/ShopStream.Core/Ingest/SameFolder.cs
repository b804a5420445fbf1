namespace ShopStream.Core.Ingest;

/// <summary>
/// Whether two paths name the same folder, after symbolic links, bind mounts and any spelling of the path: the same
/// device and inode. Text compares nothing of the kind: an input folder reached through a link took the run's
/// results as its output, and the next run read them as input.
/// </summary>
public static class SameFolder
{
    private const uint InodeMask = 0x0100; // STATX_INO
    private const int InodeOffset = 32; // stx_ino, u64
    private const int DeviceOffset = 136; // stx_dev_major and stx_dev_minor, two u32

    /// <summary>True when both exist and are one folder (or file); false when either is missing, or off Linux.</summary>
    public static bool As(string path, string other) =>
        Identity(path) is { } a && Identity(other) is { } b && a == b;

    /// <summary>The device and inode of what <paramref name="path"/> names (after links); null when it is missing, or off Linux.</summary>
    internal static (ulong Inode, ulong Device)? Identity(string path)
    {
        Span<byte> status = stackalloc byte[FileStatus.Size];
        return FileStatus.TryRead(path, InodeMask, status)
            ? (BitConverter.ToUInt64(status[InodeOffset..]), BitConverter.ToUInt64(status[DeviceOffset..]))
            : null;
    }
}
