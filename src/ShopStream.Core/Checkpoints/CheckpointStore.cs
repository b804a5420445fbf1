using System.Globalization;
using ShopStream.Core.Log.Embedded;

namespace ShopStream.Core.Checkpoints;

/// <summary>
/// A run's checkpoints in a folder (<c>OUT/checkpoint/</c>): one file per checkpoint, each written atomically
/// (temporary file, fsync, rename, fsync of the folder), the newest <c>keep</c> kept (two by default), so a
/// damaged newest file (a disk fault; a crash cannot tear one) still leaves a good one to resume from.
/// </summary>
/// <param name="epoch">
/// The writer's turn at the folder, for a partition that moves between instances (<c>PartitionClaim</c>): 0 names
/// checkpoints by sequence (<c>000000000007.ckpt</c>), a later epoch by both (<c>e0000000003-000000000007.ckpt</c>),
/// which sorts after every name of an earlier epoch, so a later owner's checkpoints are the newest whatever their
/// sequence. Reading takes every epoch's.
/// </param>
public sealed class CheckpointStore(string folder, int keep = 2, long epoch = 0)
{
    private const string Extension = ".ckpt";
    private const char EpochMark = 'e'; // after the digits: epoch names sort after sequence-only ones

    // Instances of a consumer group share the folder, so a reader never deletes temporary files (one may be another
    // instance's checkpoint being written) and a writer deletes only those of a process of this machine that has
    // ended, and others far older than any checkpoint write takes (DurableFile.DeleteLeftovers).
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromMinutes(10);

    // Checkpoints a load found damaged: the next save deletes them, so the newest `keep` it leaves are readable ones.
    // Under an epoch a new checkpoint does not take a damaged one's name (run's does: same sequence, no epoch), and
    // pruning by name kept the damaged file and deleted the good one it had fallen back to.
    private readonly List<string> _damaged = [];

    public string Folder { get; } = folder;

    /// <summary>What to do to start over, as the refusals of a checkpoint say it (Kafka has no <c>--from-scratch</c>).</summary>
    public string StartOver { get; init; } = DefaultStartOver;

    public const string DefaultStartOver = "run with --from-scratch to start over";

    /// <summary>
    /// After a load that passed over a damaged newer checkpoint for an older one: what was wrong with it (said as a
    /// warning, since the resume then repeats more work than the newest checkpoint would have); null otherwise.
    /// </summary>
    public string? PassedOver { get; private set; }

    /// <summary>
    /// The newest good checkpoint, or null when there is none. Throws <see cref="CheckpointException"/> when
    /// checkpoints exist but none is readable, or the newest good one belongs to a different run than
    /// <paramref name="runKey"/>; <see cref="UnknownCheckpointVersionException"/> for a format this build does not read.
    /// </summary>
    public RunCheckpoint? LoadLatest(string runKey) => LoadLatest(runKey, RunCheckpoint.Decode, c => c.RunKey);

    /// <summary>Writes <paramref name="checkpoint"/> durably, then deletes all but the newest <c>keep</c>.</summary>
    public void Save(RunCheckpoint checkpoint) => Save(checkpoint.Sequence, checkpoint.Encode);

    internal T? LoadLatest<T>(string runKey, Func<string, T> decode, Func<T, string> runKeyOf)
        where T : class
    {
        if (Newest(decode, out string? damage) is not { } newest)
            return damage is null ? null : throw new CheckpointException($"no readable checkpoint in {Folder}: {damage}; {StartOver}");
        var (checkpoint, path) = newest;
        PassedOver = damage;
        return runKeyOf(checkpoint) == runKey ? checkpoint : throw OtherRun(path, runKeyOf(checkpoint), runKey);
    }

    /// <summary>The refusal of a checkpoint at <paramref name="path"/> written for <paramref name="theirs"/> where <paramref name="ours"/> is run.</summary>
    internal CheckpointException OtherRun(string path, string theirs, string ours) =>
        new($"{path} is a checkpoint of a different run ({RunKey.Difference(theirs, ours)}); {StartOver}");

    /// <summary>
    /// What <paramref name="read"/> makes of the newest checkpoint it can read, and that file's path; null when there
    /// is none. A file <paramref name="read"/> finds damaged is passed over (the first such finding in
    /// <paramref name="damage"/>), as is one that another instance's newer checkpoint replaced as the listing was read.
    /// </summary>
    internal (T Value, string Path)? Newest<T>(Func<string, T> read, out string? damage)
    {
        damage = null;
        foreach (string path in Files().Reverse()) // zero-padded epochs and sequence numbers: name order is checkpoint order
        {
            try
            {
                return (read(path), path);
            }
            catch (CheckpointException ex)
            {
                damage ??= ex.Message;
                _damaged.Add(path);
            }
            catch (FileNotFoundException)
            {
                // another instance's newer checkpoint replaced it as the listing was read
            }
        }

        return null;
    }

    internal void Save(long sequence, Action<Stream> encode)
    {
        Directory.CreateDirectory(Folder);
        DurableFile.Write(PathOf(sequence), encode, sync: true);
        DurableFile.DeleteLeftovers(Folder, LeftoverAge);
        foreach (string damaged in _damaged.Where(d => d != PathOf(sequence)))
            File.Delete(damaged);
        _damaged.Clear();
        var files = Files();
        for (int i = 0; i < files.Count - keep; i++)
            File.Delete(files[i]);
    }

    /// <summary>Forgets every checkpoint (a finished run, or <c>--from-scratch</c>).</summary>
    public void Clear()
    {
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }

    /// <summary>The checkpoint files, oldest first.</summary>
    public IReadOnlyList<string> Files() => Directory.Exists(Folder) ? [.. Directory.EnumerateFiles(Folder, "*" + Extension).Order(StringComparer.Ordinal)] : [];

    /// <summary>The highest epoch a checkpoint in <paramref name="folder"/> was written under (0 when none was).</summary>
    internal static long HighestEpoch(string folder)
    {
        long highest = 0;
        if (!Directory.Exists(folder))
            return highest;
        foreach (string path in Directory.EnumerateFiles(folder, EpochMark + "*" + Extension))
        {
            string name = Path.GetFileName(path);
            if (name.Length > 11 && long.TryParse(name.AsSpan(1, 10), NumberStyles.None, CultureInfo.InvariantCulture, out long epoch))
                highest = Math.Max(highest, epoch);
        }

        return highest;
    }

    private string PathOf(long sequence)
    {
        string name = sequence.ToString("D12", CultureInfo.InvariantCulture) + Extension;
        return Path.Combine(Folder, epoch == 0 ? name : EpochMark + epoch.ToString("D10", CultureInfo.InvariantCulture) + "-" + name);
    }
}
