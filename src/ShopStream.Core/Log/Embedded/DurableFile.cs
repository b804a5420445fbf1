namespace ShopStream.Core.Log.Embedded;

/// <summary>Replaces a small file atomically: write a temporary file, fsync it, rename it over the old one, fsync the folder.</summary>
internal static class DurableFile
{
    public const string TempSuffix = ".tmp";

    /// <summary>With <paramref name="sync"/> false the replacement is still atomic, but may be lost (not torn) in a power cut.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content, bool sync)
    {
        string temp = path + TempSuffix;
        using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, content, 0);
            if (sync)
                RandomAccess.FlushToDisk(handle);
        }

        File.Move(temp, path, overwrite: true);
        if (sync)
            DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>As <see cref="Write(string, ReadOnlySpan{byte}, bool)"/>, for content written as a stream (large files need not be held in memory).</summary>
    public static void Write(string path, Action<Stream> write, bool sync)
    {
        string temp = path + TempSuffix;
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            write(file);
            file.Flush(flushToDisk: sync);
        }

        File.Move(temp, path, overwrite: true);
        if (sync)
            DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Deletes temporary files a crash left in <paramref name="folder"/>.</summary>
    public static void DeleteLeftovers(string folder)
    {
        foreach (var temp in Directory.EnumerateFiles(folder, "*" + TempSuffix))
            File.Delete(temp);
    }
}
