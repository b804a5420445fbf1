using System.Globalization;

namespace ShopStream.Core.Processing.Spill;

/// <summary>Spill run files: numbered in the order written, never changed once written, deleted by number.</summary>
internal static class SpillFiles
{
    private const string Extension = ".run";

    public static string Path(string folder, string prefix, int run) =>
        System.IO.Path.Combine(folder, $"{prefix}{run.ToString("D6", CultureInfo.InvariantCulture)}{Extension}");

    public static FileStream Create(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }

    // No write sharing: the runtime then caches the length, which the readers' count checks ask for often.
    public static FileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    /// <summary>Deletes the runs of <paramref name="prefix"/> numbered <paramref name="first"/> or later (written after a checkpoint).</summary>
    public static void DeleteFrom(string folder, string prefix, int first)
    {
        if (!Directory.Exists(folder))
            return;
        foreach (string file in Directory.EnumerateFiles(folder, prefix + "*" + Extension))
        {
            string number = System.IO.Path.GetFileNameWithoutExtension(file)[prefix.Length..];
            if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int run) && run >= first)
                File.Delete(file);
        }
    }
}
