namespace ShopStream.Core.Output;

/// <summary>
/// A command's scratch folder in the temporary folder (files a query or report downloads from an S3 lake, a
/// compaction's or jobs run's staging), named for the process that made it: <c>shopstream-PURPOSE-PID-GUID</c>, deleted
/// when the command ends. A command ended by Ctrl+C or a kill cannot delete its folder (a 1M-event lake's downloads are
/// about 100 MB), so each new one first deletes those whose process has ended (<see cref="EndedProcess"/>).
/// </summary>
public static class ProcessTempFolder
{
    private const string Prefix = "shopstream-";

    /// <summary>A new folder's path for <paramref name="purpose"/> (not yet made), after deleting the folders of processes that have ended.</summary>
    public static string Create(string purpose)
    {
        string temp = Path.GetTempPath();
        foreach (string folder in Directory.EnumerateDirectories(temp, Prefix + "*"))
        {
            if (WriterIsGone(Path.GetFileName(folder)))
                TryDelete(folder);
        }

        return Path.Combine(temp, $"{Prefix}{purpose}-{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    /// <summary>Deletes the folder and what it holds, if it was made.</summary>
    public static void Delete(string folder)
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    // Whether the folder's process has ended: a name ending -PID-GUID (a name of another form is left alone).
    private static bool WriterIsGone(string name)
    {
        var parts = name.Split('-');
        return parts.Length >= 4 && parts[^1].Length == 32
            && int.TryParse(parts[^2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
            && EndedProcess.Is(pid);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // another user's, or going already: the next command tries again
        }
    }
}
