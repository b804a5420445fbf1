using System.Runtime.InteropServices;

namespace ShopStream.Core.Ingest;

/// <summary>
/// Linux's <c>statx</c> of a path (after symbolic links), for what .NET does not tell: a file's type and its identity.
/// <c>statx</c> has one layout on every architecture, unlike <c>stat</c>.
/// </summary>
internal static partial class FileStatus
{
    /// <summary>The size of <c>struct statx</c>.</summary>
    public const int Size = 256;

    private const int AtCurrentFolder = -100; // AT_FDCWD

    /// <summary>Fills <paramref name="status"/> with the fields of <paramref name="mask"/>; false off Linux, or when statx fails or is missing.</summary>
    public static bool TryRead(string path, uint mask, Span<byte> status)
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            return Statx(AtCurrentFolder, path, 0, mask, ref MemoryMarshal.GetReference(status)) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // a C library older than glibc 2.28
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int folder, string path, int flags, uint mask, ref byte status);
}
