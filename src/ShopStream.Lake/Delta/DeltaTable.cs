using System.Globalization;
using ShopStream.Lake.Storage;

namespace ShopStream.Lake.Delta;

/// <summary>
/// A Delta table in a lake: the folder <see cref="Path"/> of Parquet files and its <c>_delta_log</c>. Readers replay
/// the log up to a version and see exactly the files of whole commits; writers add the next version with
/// put-if-absent, so of two concurrent commits one wins and the other gets <see cref="DeltaConflictException"/>.
/// </summary>
public sealed class DeltaTable(ILakeStorage storage, string path)
{
    /// <summary>The log folder's name inside the table folder.</summary>
    public const string LogFolder = "_delta_log";

    public ILakeStorage Storage { get; } = storage;

    /// <summary>The table's folder, relative to the lake root (<c>silver/events</c>).</summary>
    public string Path { get; } = path.Trim('/');

    /// <summary>The storage key of a file given by its path relative to the table.</summary>
    public string Key(string relativePath) => $"{Path}/{relativePath}";

    public string LogKey(long version) => Key($"{LogFolder}/{version.ToString("D20", CultureInfo.InvariantCulture)}.json");

    /// <summary>The versions in the log, ascending (empty when the table does not exist yet).</summary>
    public async Task<IReadOnlyList<long>> VersionsAsync(CancellationToken cancellationToken = default)
    {
        var objects = await Storage.ListAsync(Key(LogFolder + "/"), cancellationToken).ConfigureAwait(false);
        var versions = new List<long>();
        foreach (var o in objects)
        {
            string name = o.Key[(o.Key.LastIndexOf('/') + 1)..];
            if (name.Length == 25 && name.EndsWith(".json", StringComparison.Ordinal)
                && long.TryParse(name.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out long v))
            {
                versions.Add(v);
            }
        }

        versions.Sort();
        return versions;
    }

    /// <summary>How many log entries are read at once: on S3 each is a request, and one after another a log of
    /// hundreds of commits (a jobs table, a commit per run) took a round trip each.</summary>
    public const int LogReadsAtOnce = 8;

    /// <summary>The commits up to <paramref name="version"/> (all when null), in order.</summary>
    public async Task<IReadOnlyList<DeltaCommit>> CommitsAsync(long? version = null, CancellationToken cancellationToken = default)
    {
        var versions = new List<long>();
        long expected = 0;
        foreach (long v in await VersionsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (version is { } last && v > last)
                break;
            // Versions run 0, 1, 2, ... (the lake writes no Delta checkpoints, so none is ever cleaned up): replayed
            // across a missing one, its removes are lost and the files it replaced count again.
            if (v != expected)
                throw new InvalidDataException($"{Path}: the log has no version {expected} but has {v}: a commit's entry is missing, and reading past it would show replaced files again");
            expected++;
            versions.Add(v);
        }

        // The earliest version's failure is thrown, as when they were read one after another, whichever read failed
        // first. Entries are handed out in order, so once one fails every earlier one has started: those finish (their
        // failures kept), and no later one starts (a server gone quiet would have had every read wait out its timeout).
        var commits = new DeltaCommit[versions.Count];
        var failures = new Exception?[versions.Count];
        bool failed = false;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, versions.Count), new ParallelOptions { MaxDegreeOfParallelism = LogReadsAtOnce, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                if (Volatile.Read(ref failed))
                    return;
                try
                {
                    commits[i] = await ReadCommitAsync(versions[i], token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failures[i] = ex;
                    Volatile.Write(ref failed, true);
                }
            }).ConfigureAwait(false);
        if (failures.FirstOrDefault(f => f is not null) is { } first)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        return commits;
    }

    /// <summary>Commit <paramref name="version"/> alone.</summary>
    /// <exception cref="InvalidDataException">The version is not in the log.</exception>
    public async Task<DeltaCommit> ReadCommitAsync(long version, CancellationToken cancellationToken = default)
    {
        var bytes = await Storage.ReadAsync(LogKey(version), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"{Path}: log version {version} is not there (or disappeared while reading)");
        try
        {
            return DeltaLogCodec.Read(version, bytes);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{Path}: {ex.Message}", ex); // the codec knows the version, not the table
        }
    }

    /// <summary>The table at <paramref name="version"/> (the latest when null); null when the table has no commit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The version does not exist.</exception>
    public async Task<DeltaSnapshot?> SnapshotAsync(long? version = null, CancellationToken cancellationToken = default)
    {
        var commits = await CommitsAsync(version, cancellationToken).ConfigureAwait(false);
        if (commits.Count == 0)
            return version is null ? null : throw new ArgumentOutOfRangeException(nameof(version), version, $"{Path} has no version {version}");
        if (version is { } wanted && commits[^1].Version != wanted)
            throw new ArgumentOutOfRangeException(nameof(version), version, $"{Path} has no version {wanted} (latest: {commits[^1].Version})");
        return Replay(commits);
    }

    /// <summary>The latest version committed at or before <paramref name="time"/>; null when the table did not exist yet.</summary>
    public async Task<DeltaSnapshot?> SnapshotAsOfAsync(DateTime time, CancellationToken cancellationToken = default)
    {
        long millis = new DateTimeOffset(time.ToUniversalTime()).ToUnixTimeMilliseconds();
        var commits = (await CommitsAsync(null, cancellationToken).ConfigureAwait(false)).TakeWhile(c => c.Timestamp <= millis).ToList();
        return commits.Count == 0 ? null : Replay(commits);
    }

    /// <summary>Writes <paramref name="commit"/> as its version, only if that version does not exist yet.</summary>
    /// <exception cref="DeltaConflictException">Another writer committed that version first.</exception>
    public async Task CommitAsync(DeltaCommit commit, CancellationToken cancellationToken = default)
    {
        if (!await Storage.PutIfAbsentAsync(LogKey(commit.Version), DeltaLogCodec.Write(commit), cancellationToken).ConfigureAwait(false))
            throw new DeltaConflictException($"{Path}: version {commit.Version} was committed by another writer");
    }

    /// <summary>The table as <paramref name="commits"/> (read already, from version 0 on, in order) leave it.</summary>
    internal DeltaSnapshot Replay(IReadOnlyList<DeltaCommit> commits)
    {
        DeltaMetadata? metadata = null;
        var files = new Dictionary<string, DeltaAddFile>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var c in commits)
        {
            metadata = c.Metadata ?? metadata;
            foreach (var r in c.Removes)
                files.Remove(r.Path);
            foreach (var a in c.Adds)
            {
                if (files.TryAdd(a.Path, a))
                    order.Add(a.Path);
                else
                    files[a.Path] = a;
            }
        }

        if (metadata is null)
            throw new InvalidDataException($"{Path}: the log has no metaData action");
        var live = order.Where(files.ContainsKey).Distinct(StringComparer.Ordinal).Select(p => files[p]).ToList();
        return new DeltaSnapshot(commits[^1].Version, commits[^1].Timestamp, metadata, live);
    }
}
