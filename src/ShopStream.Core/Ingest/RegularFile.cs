namespace ShopStream.Core.Ingest;

/// <summary>
/// Whether a path is a regular file (after symbolic links), which .NET does not tell: its <see cref="FileInfo"/> shows
/// a named pipe or a device as a normal empty file. An input folder's pipe would block the run at its open, waiting
/// for a writer that never comes.
/// </summary>
internal static class RegularFile
{
    private const uint TypeMask = 0x0001; // STATX_TYPE
    private const int ModeOffset = 28; // stx_mode, a 16-bit field of struct statx
    private const int FileTypeBits = 0xF000; // S_IFMT
    private const int Regular = 0x8000; // S_IFREG

    /// <summary>True for a regular file, and wherever the type cannot be told (not Linux, or statx failed: opening it will say why).</summary>
    public static bool Is(string path)
    {
        Span<byte> status = stackalloc byte[FileStatus.Size];
        if (!FileStatus.TryRead(path, TypeMask, status))
            return true;
        int mode = BitConverter.ToUInt16(status[ModeOffset..]);
        return (mode & FileTypeBits) == Regular;
    }
}
