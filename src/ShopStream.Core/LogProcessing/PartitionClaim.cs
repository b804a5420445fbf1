using System.Globalization;
using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.LogProcessing;

/// <summary>
/// One owner's turn at a partition's checkpoint folder (<c>OUT/checkpoint/pN/</c>), numbered: each new owner takes
/// the next number, as an empty file <c>owner-NNNNNNNNNN.claim</c> made create-new (so of owners claiming at once
/// exactly one, the highest, is current), and names its checkpoints with it (<see cref="CheckpointStore"/>'s epoch),
/// so they sort after every earlier owner's.
/// </summary>
/// <remarks>
/// This is the fence against a Kafka instance that stalled past its group session (a long pause, a stopped VM): it
/// resumes believing it still owns its partitions until its next poll tells it otherwise, and a checkpoint it writes in
/// between would otherwise take the newest place over the new owner's, further along. Now such a checkpoint ranks
/// below the new owner's whatever its sequence, and the stalled instance sees <see cref="Superseded"/> before it
/// writes one. Its late events need no fence: processing from a checkpoint is deterministic, so whatever it writes
/// into the partition's late-events file is the same bytes at the same place as the owner's.
/// </remarks>
internal sealed class PartitionClaim
{
    private const string Prefix = "owner-";
    private const string Extension = ".claim";

    // The IOException's HResult when a create-new finds the file there: errno EEXIST on Unix, ERROR_FILE_EXISTS on Windows.
    private const int ExistsOnUnix = 17;
    private const int ExistsOnWindows = unchecked((int)0x80070050);

    private PartitionClaim(string folder, long epoch)
    {
        Folder = folder;
        Epoch = epoch;
    }

    public string Folder { get; }

    /// <summary>This owner's number: higher than any earlier owner's claim or checkpoint in the folder.</summary>
    public long Epoch { get; }

    /// <summary>Whether a later owner has claimed the partition since: this owner must write nothing more for it.</summary>
    public bool Superseded => Highest(Folder) > Epoch;

    /// <summary>Takes the next number in <paramref name="folder"/> (made if missing), and deletes the claims before it.</summary>
    public static PartitionClaim Take(string folder)
    {
        Directory.CreateDirectory(folder);
        while (true)
        {
            long epoch = Highest(folder) + 1;
            try
            {
                new FileStream(PathOf(folder, epoch), FileMode.CreateNew, FileAccess.Write).Dispose();
            }
            catch (IOException ex) when (ex.HResult is ExistsOnUnix or ExistsOnWindows)
            {
                // Another instance took this number first (and may have deleted its claim already, having taken a
                // later one): the next number.
                continue;
            }

            foreach (var (earlier, path) in Claims(folder))
            {
                if (earlier < epoch)
                    File.Delete(path); // only the newest claim fences; a missing file is no error
            }

            return new PartitionClaim(folder, epoch);
        }
    }

    // The highest number claimed or checkpointed under: checkpoints count too, so a folder whose claims were deleted
    // by hand still gets a number above its checkpoints'.
    private static long Highest(string folder)
    {
        long highest = CheckpointStore.HighestEpoch(folder);
        foreach (var (epoch, _) in Claims(folder))
            highest = Math.Max(highest, epoch);
        return highest;
    }

    private static IEnumerable<(long Epoch, string Path)> Claims(string folder)
    {
        if (!Directory.Exists(folder))
            yield break;
        foreach (string path in Directory.EnumerateFiles(folder, Prefix + "*" + Extension))
        {
            string digits = Path.GetFileNameWithoutExtension(path)[Prefix.Length..];
            if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long epoch))
                yield return (epoch, path);
        }
    }

    private static string PathOf(string folder, long epoch) =>
        Path.Combine(folder, Prefix + epoch.ToString("D10", CultureInfo.InvariantCulture) + Extension);
}
