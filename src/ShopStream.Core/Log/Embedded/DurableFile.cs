namespace ShopStream.Core.Log.Embedded;

/// <summary>Replaces a small file atomically: write a temporary file, fsync it, rename it over the old one, fsync the folder.</summary>
/// <remarks>
/// Each write has its own temporary name: processes sharing a folder (a consumer group's instances checkpointing a
/// partition as it moves between them) never write into, or rename away, each other's temporary file; the last
/// rename wins whole.
/// </remarks>
internal static class DurableFile
{
    public const string TempSuffix = ".tmp";

    // NAME.PID-GUID-HOST.tmp: the writer, so that a leftover of a process that has ended can go at once (HOST: a
    // process id means nothing on another machine sharing the folder).
    private static readonly string s_machine = new([.. Environment.MachineName.Where(char.IsAsciiLetterOrDigit)]);

    private static string TempOf(string path) => $"{path}.{Environment.ProcessId}-{Guid.NewGuid():N}-{s_machine}{TempSuffix}";

    /// <summary>A temporary name for a file of <paramref name="folder"/>, naming this process as its writer (see <see cref="DeleteLeftovers"/>).</summary>
    public static string TempIn(string folder, string name) => TempOf(Path.Combine(folder, name));

    // Whether the temporary file's writer was a process of this machine that has ended (a name of another form, or
    // another machine's, is left to the age rule).
    private static bool WriterIsGone(string temp)
    {
        string name = Path.GetFileName(temp)[..^TempSuffix.Length];
        var parts = name[(name.LastIndexOf('.') + 1)..].Split('-');
        return parts.Length == 3 && parts[2] == s_machine
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
            && Output.EndedProcess.Is(pid);
    }

    /// <summary>With <paramref name="sync"/> false the replacement is still atomic, but may be lost (not torn) in a power cut.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content, bool sync) =>
        Replace(path, TempOf(path), sync, content, static (temp, content, sync) =>
        {
            using var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write);
            RandomAccess.Write(handle, content, 0);
            if (sync)
                RandomAccess.FlushToDisk(handle);
        });

    /// <summary>As <see cref="Write(string, ReadOnlySpan{byte}, bool)"/>, for content written as a stream (large files need not be held in memory).</summary>
    public static void Write(string path, Action<Stream> write, bool sync) =>
        Replace(path, TempOf(path), sync, write, static (temp, write, sync) =>
        {
            using var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            write(file);
            file.Flush(flushToDisk: sync);
        });

    /// <summary>
    /// Writes <paramref name="temp"/> with <paramref name="write"/>, then renames it over <paramref name="path"/> (and
    /// with <paramref name="sync"/> fsyncs the folder); a write that fails leaves neither half a file nor the temporary.
    /// </summary>
    public static void Replace<TContent>(string path, string temp, bool sync, TContent content, Action<string, TContent, bool> write)
        where TContent : allows ref struct
    {
        try
        {
            write(temp, content, sync);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            Discard(temp);
            throw;
        }

        if (sync)
            DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Deletes the temporary file of a write that failed (a full disk, say), as far as it can: a checkpoint's can be
    /// gigabytes, and each retry would otherwise leave one more until <see cref="DeleteLeftovers"/> finds them old enough.
    /// </summary>
    public static void Discard(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // best effort: DeleteLeftovers removes it later
        }
        catch (UnauthorizedAccessException)
        {
            // as above
        }
    }

    /// <summary>
    /// Deletes temporary files a crash left in <paramref name="folder"/>: all of them in a folder only this process
    /// writes, or with <paramref name="olderThan"/> (a folder other processes write, on this machine or others) those
    /// whose writer was a process of this machine that has ended, and those untouched for that long (another
    /// machine's, or a process whose id was reused). Each resumed run of a killed one used to
    /// add its temporary checkpoint state until the age passed: 158 MB after three kills in a row.
    /// </summary>
    public static void DeleteLeftovers(string folder, TimeSpan? olderThan = null)
    {
        foreach (var temp in Directory.EnumerateFiles(folder, "*" + TempSuffix))
        {
            if (olderThan is { } age && DateTime.UtcNow - File.GetLastWriteTimeUtc(temp) < age && !WriterIsGone(temp))
                continue;
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // another process's cleanup got there first
            }
        }
    }
}
