namespace ShopStream.Cli;

/// <summary>Where one path lies against a folder, by their full paths as written (links not followed).</summary>
internal static class FolderPaths
{
    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> itself or lies inside it.</summary>
    public static bool IsWithin(string path, string folder)
    {
        string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
