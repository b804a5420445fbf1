using System.Runtime.InteropServices;

namespace ShopStream.Core.Ingest;

/// <summary>
/// Whether a path is a regular file (after symbolic links), which .NET does not tell: its <see cref="FileInfo"/> shows
/// a named pipe or a device as a normal empty file. An input folder's pipe would block the run at its open, waiting
/// for a writer that never comes. Linux's <c>statx</c> has one layout on every architecture, unlike <c>stat</c>.
/// </summary>
internal static partial class RegularFile
{
    private const int AtCurrentFolder = -100; // AT_FDCWD
    private const uint TypeMask = 0x0001; // STATX_TYPE
    private const int ModeOffset = 28; // stx_mode, a 16-bit field of the 256-byte struct statx
    private const int FileTypeBits = 0xF000; // S_IFMT
    private const int Regular = 0x8000; // S_IFREG

    /// <summary>True for a regular file, and wherever the type cannot be told (not Linux, or statx failed: opening it will say why).</summary>
    public static bool Is(string path)
    {
        if (!OperatingSystem.IsLinux())
            return true;
        Span<byte> status = stackalloc byte[256];
        try
        {
            if (Statx(AtCurrentFolder, path, 0, TypeMask, ref MemoryMarshal.GetReference(status)) != 0)
                return true;
        }
        catch (EntryPointNotFoundException)
        {
            return true; // a C library older than glibc 2.28
        }

        int mode = BitConverter.ToUInt16(status[ModeOffset..]);
        return (mode & FileTypeBits) == Regular;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int folder, string path, int flags, uint mask, ref byte status);
}
