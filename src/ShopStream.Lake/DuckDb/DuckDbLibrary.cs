using System.Reflection;
using System.Runtime.InteropServices;

namespace ShopStream.Lake.DuckDb;

/// <summary>
/// Finds <c>libduckdb.so</c> (DuckDB 1.5.6): <c>SHOPSTREAM_DUCKDB_LIB</c> when set, else <c>.tools/duckdb/libduckdb.so</c>
/// in the first folder above the program (or the current folder) that has one, where <c>scripts/setup.sh</c> puts it.
/// </summary>
public static class DuckDbLibrary
{
    /// <summary>The environment variable that overrides where the library is.</summary>
    public const string EnvironmentVariable = "SHOPSTREAM_DUCKDB_LIB";

    internal const string Name = "duckdb";
    private static readonly Lock s_gate = new();
    private static bool s_resolverSet;

    /// <summary>The library file the binding loads (it may not exist).</summary>
    public static string Path => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path ? path : Find();

    /// <summary>DuckDB's version string, e.g. <c>v1.5.6</c>.</summary>
    public static string Version
    {
        get
        {
            EnsureLoaded();
            return Marshal.PtrToStringUTF8(DuckDbNative.duckdb_library_version()) ?? "?";
        }
    }

    /// <summary>Points the binding's imports at the library file; every public entry point calls it first.</summary>
    internal static void EnsureLoaded()
    {
        lock (s_gate)
        {
            if (s_resolverSet)
                return;
            NativeLibrary.SetDllImportResolver(typeof(DuckDbLibrary).Assembly, Resolve);
            s_resolverSet = true;
        }
    }

    /// <summary>The library file's path; fails as loading it would when there is none.</summary>
    /// <exception cref="DllNotFoundException">No file at <see cref="Path"/>.</exception>
    public static string ExistingPath()
    {
        string path = Path;
        if (File.Exists(path))
            return path;
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 })
            throw new DllNotFoundException($"libduckdb.so not found at {path} ({EnvironmentVariable})");
        // Both places searched: naming only the current folder's sent users looking where the program never was.
        throw new DllNotFoundException(
            $"libduckdb.so not found: no .tools/duckdb/libduckdb.so in a folder above the program ({AppContext.BaseDirectory}) or the current folder ({Directory.GetCurrentDirectory()}): run scripts/setup.sh or set {EnvironmentVariable}");
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Name ? NativeLibrary.Load(ExistingPath()) : IntPtr.Zero;

    private static string Find()
    {
        string relative = System.IO.Path.Combine(".tools", "duckdb", "libduckdb.so");
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = System.IO.Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                    return candidate;
            }
        }

        return System.IO.Path.Combine(Directory.GetCurrentDirectory(), relative);
    }
}
