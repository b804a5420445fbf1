namespace ShopStream.Cli;

/// <summary>
/// Where one path lies against a folder on disk: by their full paths with the links in them followed, so that a
/// symbolic link to a folder is that folder (an --out linked to the log's folder is the log's folder).
/// </summary>
internal static class FolderPaths
{
    // As Linux's own limit on links followed in one path (ELOOP): a loop of links ends here, not in a stack overflow.
    private const int MaxLinks = 40;

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> itself or lies inside it.</summary>
    public static bool IsWithin(string path, string folder)
    {
        string full = Resolved(path).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(Resolved(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>
    /// The full path with each link in the part of it that exists followed, and each <c>..</c> taken after the links
    /// before it, as the system does (<c>link/..</c> is the parent of the link's target); a part that does not exist
    /// yet is kept as written.
    /// </summary>
    public static string Resolved(string path)
    {
        int links = 0;
        return Resolved(Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path), ref links);
    }

    private static string Resolved(string rooted, ref int links)
    {
        string root = Path.GetPathRoot(rooted)!;
        string current = root;
        string[] parts = rooted[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i] == ".")
                continue;
            if (parts[i] == "..")
            {
                current = Path.GetDirectoryName(current) ?? root; // current has no links left in it
                continue;
            }

            current = Path.Combine(current, parts[i]);
            string? target = new FileInfo(current).LinkTarget; // a link's own entry, whether to a folder or a file
            if (target is null)
                continue;
            if (++links > MaxLinks)
                return Path.Combine([current, .. parts[(i + 1)..]]); // a loop: the rest as written
            // The target's own folders may be links too: resolved again, the count carried over.
            current = Resolved(Path.IsPathRooted(target) ? target : Path.Combine(Path.GetDirectoryName(current)!, target), ref links);
        }

        return current;
    }
}
