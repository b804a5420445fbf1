using System.Runtime.InteropServices;

namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// fsync of a folder, which makes a file created or renamed in it survive a power cut (on Linux the new name is
/// otherwise only in the page cache). .NET cannot open a folder as a file, hence the two libc calls. Elsewhere
/// (Windows) renames are journaled by the file system and this does nothing.
/// </summary>
internal static partial class DirectorySync
{
    public static void Flush(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
            return;
        int fd = Open(folder, 0); // O_RDONLY
        if (fd < 0)
            throw new IOException($"cannot open folder '{folder}' to fsync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0)
                throw new IOException($"fsync of folder '{folder}' failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
