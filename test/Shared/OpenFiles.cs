namespace ShopStream.Tests;

/// <summary>The files this process has open (Linux: the links in <c>/proc/self/fd</c>), to check that code closes what it opened.</summary>
internal static class OpenFiles
{
    /// <summary>The open files whose path starts with <paramref name="prefix"/> (a folder, or one file).</summary>
    public static string[] Under(string prefix) =>
        [.. Directory.GetFiles("/proc/self/fd")
            .Select(fd =>
            {
                try
                {
                    return new FileInfo(fd).LinkTarget;
                }
                catch (IOException)
                {
                    return null; // closed between the listing and the look
                }
            })
            .OfType<string>()
            .Where(target => target.StartsWith(prefix, StringComparison.Ordinal))];
}
