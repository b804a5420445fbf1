using ShopStream.Lake.Storage;
using ShopStream.Lake.Tables;

namespace ShopStream.Cli.Lake;

/// <summary>
/// Refuses a lake root where no run has committed, for the commands that read one: a mistyped or wrong folder, or an
/// S3 prefix, where nothing needs creating first and a typo read as an empty lake (zero rows, exit 0; <c>jobs run</c>
/// even wrote its history there).
/// </summary>
internal static class PresentLake
{
    /// <param name="firstStep">What makes one, for the message: "run 'shopstream run --lake' first".</param>
    /// <param name="orphansOnly">Whether tables holding files but no commit (a first run killed before its commits) are a lake.</param>
    /// <exception cref="ArgumentException">No lake at <paramref name="root"/>.</exception>
    public static void Require(string root, string firstStep, bool orphansOnly = false)
    {
        // A local folder too: one that exists but holds no run (a run's folder rather than its lake/, say) read as an
        // empty lake as well.
        var storage = LakeStorage.Open(root); // a root that is no lake (gs://..., s3:/...) says so, not "no lake at"
        bool present;
        try
        {
            present = (LakeStorage.IsS3(root) || Directory.Exists(root))
                && (LakeTables.AnyRunAsync(storage).GetAwaiter().GetResult() || (orphansOnly && LakeTables.AnyFilesAsync(storage).GetAwaiter().GetResult()));
        }
        finally
        {
            (storage as IDisposable)?.Dispose();
        }

        if (!present)
            throw new ArgumentException($"no lake at '{root}' ({firstStep})");
    }
}
