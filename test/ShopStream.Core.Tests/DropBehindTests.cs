using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using ShopStream.Core.Output;
using ShopStream.Tests;

namespace ShopStream.Core.Tests;

/// <summary>
/// Result files written through <see cref="DropBehindStream"/>: every byte arrives, and what is on disk leaves the page
/// cache as the file grows, where a plain file stays cached whole (measured with <c>mincore</c>).
/// </summary>
public sealed partial class DropBehindTests
{
    private const int FileBytes = 64 << 20;

    [Fact]
    public void Every_byte_written_arrives_in_order()
    {
        using var folder = new TempFolder();
        string path = folder.File("out.bin");
        var expected = new MemoryStream();
        var random = new Random(7);
        using (var stream = new DropBehindStream(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16)))
        {
            // Small writes through the file's buffer, large ones past it, and single bytes, across several steps.
            while (expected.Length < 3 * DropBehind.Step)
            {
                var chunk = new byte[random.Next(4) switch { 0 => 1, 1 => random.Next(1, 4_000), 2 => random.Next(60_000, 70_000), _ => random.Next(1 << 20, 3 << 20) }];
                random.NextBytes(chunk);
                if (chunk.Length == 1)
                    stream.WriteByte(chunk[0]);
                else
                    stream.Write(chunk);
                expected.Write(chunk);
            }
        }

        Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void Appended_bytes_land_where_Append_says_across_steps()
    {
        using var folder = new TempFolder();
        string path = folder.File("appended.bin");
        var expected = new MemoryStream();
        var random = new Random(3);
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        {
            var output = new DropBehind(handle);
            while (expected.Length < 2 * DropBehind.Step)
            {
                var chunk = new byte[random.Next(1, 3 << 20)];
                random.NextBytes(chunk);
                Assert.Equal(expected.Length, output.Append(chunk));
                expected.Write(chunk);
                Assert.Equal(expected.Length, output.Length);
            }
        }

        Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void Written_bytes_leave_the_page_cache_and_a_plain_file_stays()
    {
        if (!OperatingSystem.IsLinux())
            return; // sync_file_range and posix_fadvise; elsewhere DropBehind does nothing
        using var folder = new TempFolder();
        string dropped = folder.File("dropped.bin");
        string plain = folder.File("plain.bin");

        Write(new DropBehindStream(new FileStream(dropped, FileMode.CreateNew, FileAccess.Write)), dropped);
        Write(new FileStream(plain, FileMode.CreateNew, FileAccess.Write), plain);

        // Drops lag a step behind the writes: the last two steps may stay.
        long droppedCached = CachedBytes(dropped);
        Assert.True(droppedCached <= 3 * DropBehind.Step, $"{droppedCached:N0} of {FileBytes:N0} bytes still cached");
        long plainCached = CachedBytes(plain);
        Assert.True(plainCached >= FileBytes * 3L / 4, $"a plain file: {plainCached:N0} of {FileBytes:N0} bytes cached");
    }

    // 64 MiB in 1 MiB writes, the file flushed to disk at each step (through a handle of its own, as the writer's is
    // the stream's). Only pages on disk leave the cache, and DropBehind never waits for the disk: a sleep instead let
    // 32 MiB stay cached once, in CI, when the disk was slower than the writes.
    private static void Write(Stream stream, string path)
    {
        using (stream)
        {
            var chunk = new byte[1 << 20];
            new Random(11).NextBytes(chunk);
            for (int written = 0; written < FileBytes; written += chunk.Length)
            {
                stream.Write(chunk);
                if ((written + chunk.Length) % DropBehind.Step != 0)
                    continue;
                stream.Flush();
                using var reader = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                RandomAccess.FlushToDisk(reader);
            }
        }
    }

    // Bytes of the file in the page cache: mincore over a read-only mapping, which touches no page.
    private static long CachedBytes(string path)
    {
        long length = new FileInfo(path).Length;
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        int pageSize = Environment.SystemPageSize;
        var resident = new byte[(length + pageSize - 1) / pageSize];
        bool added = false;
        view.SafeMemoryMappedViewHandle.DangerousAddRef(ref added);
        try
        {
            nint start = view.SafeMemoryMappedViewHandle.DangerousGetHandle() + (nint)view.PointerOffset;
            Assert.Equal(0, Mincore(start, (nuint)length, resident));
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.DangerousRelease();
        }

        return resident.LongCount(b => (b & 1) != 0) * pageSize;
    }

    [LibraryImport("libc", EntryPoint = "mincore")]
    private static partial int Mincore(nint address, nuint length, [Out] byte[] vector);
}
