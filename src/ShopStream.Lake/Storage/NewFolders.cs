using ShopStream.Core.Log.Embedded;

namespace ShopStream.Lake.Storage;

/// <summary>
/// Folders a local lake makes, made durable: a new folder's name is an entry in its parent, which is on disk only once
/// the parent is fsynced. A new lake's first commit makes the layer, the table and its log at once.
/// </summary>
internal static class NewFolders
{
    /// <summary>Makes <paramref name="folder"/> and returns the folders of its path that did not exist, deepest first.</summary>
    public static IReadOnlyList<string> Make(string folder)
    {
        var missing = new List<string>();
        for (string? f = Path.GetFullPath(folder); f is not null && !Directory.Exists(f); f = Path.GetDirectoryName(f))
            missing.Add(f);
        Directory.CreateDirectory(folder);
        return missing;
    }

    /// <summary>fsyncs the parents of <paramref name="made"/>, so their names survive a power cut.</summary>
    public static void FlushParents(IEnumerable<string> made)
    {
        foreach (string parent in made.Select(f => Path.GetDirectoryName(f)!).Distinct(StringComparer.Ordinal))
            DirectorySync.Flush(parent);
    }
}
