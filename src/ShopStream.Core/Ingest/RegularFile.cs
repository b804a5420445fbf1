namespace ShopStream.Core.Ingest;

/// <summary>
/// Whether a path is a regular file (after symbolic links), which .NET does not tell: its <see cref="FileInfo"/> shows
/// a named pipe or a device as a normal empty file. An input folder's pipe would block the run at its open, waiting
/// for a writer that never comes; and a device a failed generate must not delete.
/// </summary>
public static class RegularFile
{
    private const uint TypeMask = 0x0001; // STATX_TYPE
    private const int ModeOffset = 28; // stx_mode, a 16-bit field of struct statx
    private const int FileTypeBits = 0xF000; // S_IFMT
    private const int Regular = 0x8000; // S_IFREG

    /// <summary>
    /// True for a regular file; where the type cannot be told (not Linux, or statx failed), <paramref name="whenUnknown"/>:
    /// true to read it (opening it will say what is wrong), false before deleting it.
    /// </summary>
    public static bool Is(string path, bool whenUnknown = true)
    {
        Span<byte> status = stackalloc byte[FileStatus.Size];
        if (!FileStatus.TryRead(path, TypeMask, status))
            return whenUnknown;
        int mode = BitConverter.ToUInt16(status[ModeOffset..]);
        return (mode & FileTypeBits) == Regular;
    }
}
