using System.Globalization;

namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// The embedded <see cref="IEventLog"/>: each partition is a folder <c>&lt;dir&gt;/&lt;partition&gt;/</c> of segment
/// files (<c>&lt;first offset&gt;.log</c>, rolled by size, each with a sparse <c>.index</c>); consumer groups'
/// offsets are in <c>&lt;dir&gt;/groups/</c>, the partition count in <c>&lt;dir&gt;/meta</c>. Every record carries a
/// CRC-32C, every batch is written with one write (and fsynced by <see cref="FsyncPolicy"/>), and opening the log
/// recovers it from a crash: the last segment of each partition is scanned and whatever follows its last whole batch
/// is cut off, so a batch is either whole and readable or gone, and appends continue at the next offset. Built with
/// <see cref="FileEventLogBuilder"/>; one process at a time may open a folder (a lock file enforces it).
/// <para>Thread-safety is as <see cref="IEventLog"/> says; retention runs on roll, on open and on <see cref="EnforceRetention"/>.</para>
/// </summary>
public sealed class FileEventLog : IEventLog
{
    /// <summary>The largest source position an append may carry.</summary>
    public const int MaxSourcePositionBytes = 4096;

    private const string LockFileName = ".lock";
    private readonly LogPartition[] _partitions;
    private readonly ConsumerOffsetStore _offsets;
    private readonly FileStream _lock;

    // The lock file's device and inode as opened: another (or none) at its path means the folder was removed or
    // replaced under the open log (null off Linux, where this is not checked).
    private readonly (ulong Inode, ulong Device)? _lockIdentity;

    private FileEventLog(string directory, FileEventLogOptions options, LogPartition[] partitions, ConsumerOffsetStore offsets, FileStream lockFile)
    {
        Directory = directory;
        Options = options;
        _partitions = partitions;
        _offsets = offsets;
        _lock = lockFile;
        _lockIdentity = Ingest.SameFolder.Identity(lockFile.Name);
    }

    public string Directory { get; }

    public FileEventLogOptions Options { get; }

    public int Partitions => _partitions.Length;

    /// <summary>The log's random id from its <c>meta</c> file: another log in the same folder has another.</summary>
    public string Identity { get; private init; } = "";

    internal static FileEventLog Open(string directory, FileEventLogOptions options, TimeProvider time)
    {
        directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(directory);
        FileStream lockFile;
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix; the OS drops it if the process dies.
            lockFile = new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"the event log in '{directory}' is already open (by this or another process)", ex);
        }

        var partitions = new List<LogPartition>();
        try
        {
            bool sync = options.Fsync != FsyncPolicy.Never;
            DurableFile.DeleteLeftovers(directory);
            var (count, id) = LogMetadata.OpenOrCreate(directory, options.Partitions, sync);
            RequireEveryPartition(directory, count);
            for (int p = 0; p < count; p++)
                partitions.Add(LogPartition.Open(p, Path.Combine(directory, p.ToString(CultureInfo.InvariantCulture)), options, time));
            string groups = Path.Combine(directory, "groups");
            if (System.IO.Directory.Exists(groups))
                DurableFile.DeleteLeftovers(groups);
            return new FileEventLog(directory, options with { Partitions = count }, [.. partitions], new ConsumerOffsetStore(groups, count, sync), lockFile)
            {
                Identity = $"embedded log {(id.Length > 0 ? id : "(no id: written by an older version)")}",
            };
        }
        catch
        {
            foreach (var partition in partitions)
                partition.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    // A partition's folder and first segment are made when the log is first opened, right after its metadata, and
    // retention keeps a partition's last segment. One missing, or a folder without segments, while another partition
    // holds records was deleted, and opening would make it again empty: its events silently gone (process covered
    // half the users with exit 0, or failed on a null reference).
    private static void RequireEveryPartition(string directory, int count)
    {
        string Folder(int p) => Path.Combine(directory, p.ToString(CultureInfo.InvariantCulture));
        var missing = Enumerable.Range(0, count)
            .Where(p => !System.IO.Directory.Exists(Folder(p)) || !System.IO.Directory.EnumerateFiles(Folder(p), "*" + Segment.Extension).Any())
            .ToList();
        if (missing.Count == 0 || missing.Count == count)
            return;
        bool holdsRecords = Enumerable.Range(0, count).Except(missing).Any(p => Segment.AnyRecordsIn(Folder(p)));
        if (holdsRecords)
        {
            throw new LogFormatException(
                $"the event log in '{directory}' has {count} partitions but no segment files for partition {string.Join(", ", missing)} (folder or files gone), while others hold events: " +
                "its events are gone. Restore them from a copy, or ingest again into a new log");
        }
    }

    public long Append(int partition, LogBatch batch, ReadOnlySpan<byte> sourcePosition = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return PartitionAt(partition).Append(batch, sourcePosition);
    }

    /// <summary>
    /// As <see cref="Append"/>, which it calls: this log's append completes synchronously (a write to the page
    /// cache, plus an fsync by policy). Callers that must not block on the fsync append from their own writer thread.
    /// </summary>
    public ValueTask<long> AppendAsync(int partition, LogBatch batch, ReadOnlyMemory<byte> sourcePosition = default, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Append(partition, batch, sourcePosition.Span));
    }

    /// <exception cref="LogFolderGoneException">The log's folder was removed or replaced since it was opened.</exception>
    public void Flush()
    {
        foreach (var partition in _partitions)
            partition.Flush();
        RequireInPlace();
    }

    /// <summary>
    /// Throws when the log's folder was removed or replaced (<c>rm -rf</c>, a restore) since it was opened: appends
    /// since then went to files no path reaches, and the lock no longer keeps another process out of the folder now
    /// there. Called before telling anyone an append is durable (the collector's 202, an ingest's end); one
    /// <c>statx</c>.
    /// </summary>
    /// <exception cref="LogFolderGoneException">It was.</exception>
    public void RequireInPlace()
    {
        if (_lockIdentity is not { } opened)
            return;
        // Gone or another file: moved away too (a rename), after which another process may open a new log there. A
        // lock file that cannot be looked at (a folder made unreadable) is not taken for gone.
        var now = Ingest.SameFolder.Identity(_lock.Name);
        if (now is null ? !Unreadable() : now != opened)
            throw new LogFolderGoneException(Directory);
    }

    // Whether the log's folder cannot be looked into (its or a parent's permissions changed), rather than gone.
    private bool Unreadable()
    {
        try
        {
            _ = System.IO.Directory.EnumerateFileSystemEntries(Directory).Any();
            return false; // readable, and the lock file not in it
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
        catch (IOException)
        {
            return false; // not found
        }
    }

    public long StartOffset(int partition) => PartitionAt(partition).StartOffset;

    public long EndOffset(int partition) => PartitionAt(partition).EndOffset;

    public byte[]? LastSourcePosition(int partition) => PartitionAt(partition).LastSourcePosition;

    public ILogReader OpenReader(int partition, long offset) => new FileLogReader(PartitionAt(partition), offset);

    public void Commit(string group, int partition, long offset) => Commit(group, [new PartitionOffset(partition, offset)]);

    public void Commit(string group, ReadOnlySpan<PartitionOffset> offsets)
    {
        ArgumentNullException.ThrowIfNull(group);
        foreach (var o in offsets)
        {
            long end = PartitionAt(o.Partition).EndOffset;
            if (o.Offset < 0 || o.Offset > end)
                throw new ArgumentOutOfRangeException(nameof(offsets), $"cannot commit offset {o.Offset} for partition {o.Partition}: its end offset is {end}");
        }

        _offsets.Commit(group, offsets);
    }

    public long? Committed(string group, int partition)
    {
        ArgumentNullException.ThrowIfNull(group);
        PartitionAt(partition);
        return _offsets.Committed(group, partition);
    }

    /// <summary>Applies retention now (it also runs whenever a segment rolls): for retention by age on a quiet log.</summary>
    public void EnforceRetention()
    {
        foreach (var partition in _partitions)
            partition.EnforceRetention();
    }

    /// <summary>Closes the log: fsyncs (unless the policy is <see cref="FsyncPolicy.Never"/>) and wakes waiting readers.</summary>
    public void Dispose()
    {
        try
        {
            foreach (var partition in _partitions)
                partition.Dispose();
        }
        finally
        {
            _lock.Dispose();
        }
    }

    private LogPartition PartitionAt(int partition)
    {
        if ((uint)partition >= (uint)_partitions.Length)
            throw new ArgumentOutOfRangeException(nameof(partition), partition, $"the log has partitions 0..{_partitions.Length - 1}");
        return _partitions[partition];
    }
}
