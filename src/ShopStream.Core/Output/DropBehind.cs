using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ShopStream.Core.Output;

/// <summary>
/// Keeps a file that is written once, front to back, and not read back by the run, from filling the page cache:
/// every <see cref="Step"/> written is handed to the disk at once (<c>sync_file_range</c>, which starts the write
/// and does not wait for it), and what was handed over a step earlier, on disk by then, leaves the cache
/// (<c>posix_fadvise(DONTNEED)</c>), so its pages are reused for the next step. Nothing waits for the disk: pages not
/// written yet (a slow disk) stay cached as they would without this, and are written back as usual.
/// </summary>
/// <remarks>
/// A 5M-event run with the lake writes about a gigabyte (its CSV files and the lake), as much memory again as the
/// run itself. Left in the cache, that is memory the machine has not used lately, and on a VM every such page costs
/// several times a recycled one on first touch (the host backs it): a 5M lake run's profile had 1,860 of 18,500
/// samples copying into new page-cache pages, a run without the lake 53; with this, both about none. On Linux only;
/// elsewhere it does nothing.
/// </remarks>
internal sealed partial class DropBehind(SafeFileHandle file)
{
    /// <summary>Bytes handed to the disk at once, and the lag before they leave the cache.</summary>
    public const long Step = 8L << 20;

    private const uint StartWrite = 2; // SYNC_FILE_RANGE_WRITE alone: start writing, do not wait
    private const int DontNeed = 4; // POSIX_FADV_DONTNEED: drops the range's clean pages, leaves dirty ones

    private long _started;
    private long _dropped;

    /// <summary>Bytes written through <see cref="Append"/>.</summary>
    public long Length { get; private set; }

    /// <summary>
    /// Writes <paramref name="bytes"/> at the end of a file written only through this, unbuffered (whole row groups,
    /// say), then hands them on as <see cref="Written"/> does; returns where in the file they start.
    /// </summary>
    public long Append(ReadOnlySpan<byte> bytes)
    {
        long at = Length;
        RandomAccess.Write(file, bytes, at);
        Length += bytes.Length;
        Written(Length);
        return at;
    }

    /// <summary>The file's first <paramref name="length"/> bytes are written (handed to the OS), by a writer of its own such as a <see cref="FileStream"/>.</summary>
    public void Written(long length)
    {
        if (!OperatingSystem.IsLinux() || length - _started < Step)
            return;
        int fd = (int)file.DangerousGetHandle();
        if (_started > _dropped)
        {
            _ = Fadvise(fd, _dropped, _started - _dropped, DontNeed);
            _dropped = _started;
        }

        _ = SyncFileRange(fd, _started, length - _started, StartWrite);
        _started = length;
    }

    /// <summary>Drops a range of <paramref name="file"/> just read, which the run does not read again.</summary>
    public static void Read(SafeFileHandle file, long offset, long length)
    {
        if (OperatingSystem.IsLinux())
            _ = Fadvise((int)file.DangerousGetHandle(), offset, length, DontNeed);
    }

    // Both are advice: a refusal (another OS or file system) leaves the pages in the cache, which works.
    [LibraryImport("libc", EntryPoint = "sync_file_range")]
    private static partial int SyncFileRange(int fd, long offset, long length, uint flags);

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int Fadvise(int fd, long offset, long length, int advice);
}
