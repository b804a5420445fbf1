namespace ShopStream.Cli.Lake;

/// <summary>
/// Where <c>query</c> puts the files it downloads from an S3 lake: a folder of its own in the temporary folder, named
/// for the process (<c>shopstream-query-PID-GUID</c>), deleted when the query ends. A query ended by Ctrl+C or a kill
/// cannot delete its folder (a 1M-event lake's is about 100 MB), so each query first deletes those whose process has
/// ended.
/// </summary>
internal static class QueryCache
{
    private const string Prefix = "shopstream-query-";

    /// <summary>A new folder's path (not yet made), after deleting the folders of queries that have ended.</summary>
    public static string Create()
    {
        string temp = Path.GetTempPath();
        foreach (string folder in Directory.EnumerateDirectories(temp, Prefix + "*"))
        {
            if (WriterIsGone(Path.GetFileName(folder)))
                TryDelete(folder);
        }

        return Path.Combine(temp, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    public static void Delete(string folder)
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    // Whether the folder's process has ended (a name of another form is left alone).
    private static bool WriterIsGone(string name)
    {
        var parts = name[Prefix.Length..].Split('-');
        return parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
            && ShopStream.Core.Output.EndedProcess.Is(pid);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // another user's, or going already: the next query tries again
        }
    }
}
