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

    /// <summary>The full path with each link in the part of it that exists followed; a part that does not exist yet is kept as written.</summary>
    public static string Resolved(string path)
    {
        int links = 0;
        return Resolved(Path.GetFullPath(path), ref links);
    }

    private static string Resolved(string full, ref int links)
    {
        string root = Path.GetPathRoot(full)!;
        string current = root;
        foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var entry = new FileInfo(current); // a link's own entry, whether it points to a folder or a file
            if (entry.LinkTarget is null)
                continue;
            if (++links > MaxLinks)
                return current; // a loop: compared as written from here on
            // The target's own folders may be links too: resolved again, the count carried over.
            current = Resolved(Path.GetFullPath(entry.LinkTarget, Path.GetDirectoryName(current)!), ref links);
        }

        return current;
    }
}
