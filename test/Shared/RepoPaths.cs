namespace ShopStream.Tests;

/// <summary>Finds the repository (the folder holding ShopStream.slnx) from the test's output folder, and its sample files.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string Rees46Sample => Path.Combine(Root, "samples", "rees46-2019-Oct-head-5000.csv");

    public static string OrdersSample => Path.Combine(Root, "samples", "online-retail-sample-15k.csv");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ShopStream.slnx")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"ShopStream.slnx not found above {AppContext.BaseDirectory}");
    }
}
