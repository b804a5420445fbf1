namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// One partition of the embedded log: a folder of segments, the last one active. Appends are serialized by a lock
/// and publish each batch to readers only once it is wholly written (and fsynced, by policy). Segment list changes
/// (roll, retention) replace an immutable array, which readers read without locking.
/// </summary>
internal sealed partial class LogPartition : IDisposable
{
    private readonly Lock _writeLock = new();
    private readonly string _folder;
    private readonly FileEventLogOptions _options;
    private readonly TimeProvider _time;
    private readonly byte[] _header = new byte[BatchHeader.Size + FileEventLog.MaxSourcePositionBytes];
    private readonly ReadOnlyMemory<byte>[] _gather = new ReadOnlyMemory<byte>[2];

    // Sealed without fsync (policy Never): Flush syncs them, as it promises to make everything durable.
    private readonly List<string> _unsynced = [];
    private Segment[] _segments;
    private Segment _active;
    private long _endOffset;
    private byte[]? _lastSource;
    private Exception? _failure;
    private bool _closed;

    private LogPartition(int id, string folder, FileEventLogOptions options, TimeProvider time, Segment[] segments, byte[]? lastSource)
    {
        Id = id;
        _folder = folder;
        _options = options;
        _time = time;
        _segments = segments;
        _active = segments[^1];
        _endOffset = _active.EndOffset;
        _lastSource = lastSource;
    }

    public int Id { get; }

    public FileEventLogOptions Options => _options;

    public long StartOffset => Volatile.Read(ref _segments)[0].BaseOffset;

    public long EndOffset => Volatile.Read(ref _endOffset);

    public byte[]? LastSourcePosition => (byte[]?)Volatile.Read(ref _lastSource)?.Clone();

    private bool Sync => _options.Fsync != FsyncPolicy.Never;

    /// <summary>
    /// Opens the partition in <paramref name="folder"/>, recovering it: sealed segments are checked against their
    /// index files, the last segment is scanned and a torn tail cut off, leftovers of an interrupted operation go.
    /// </summary>
    public static LogPartition Open(int id, string folder, FileEventLogOptions options, TimeProvider time)
    {
        bool sync = options.Fsync != FsyncPolicy.Never;
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            if (sync)
                DirectorySync.Flush(Path.GetDirectoryName(folder)!);
        }

        DurableFile.DeleteLeftovers(folder);
        var bases = new List<long>();
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            string name = Path.GetFileName(file);
            if (Segment.TryParseName(name, out long baseOffset))
                bases.Add(baseOffset);
            else if (name.EndsWith(Segment.IndexExtension, StringComparison.Ordinal) && !File.Exists(Path.ChangeExtension(file, Segment.Extension)))
                File.Delete(file); // retention deleted its segment and was interrupted before the index
        }

        bases.Sort();
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (bases.Count == 0)
            return new LogPartition(id, folder, options, time, [Segment.Create(folder, 0, now, sync)], null);
        var segments = new Segment[bases.Count];
        byte[]? carried = null;
        for (int i = 0; i < bases.Count - 1; i++)
        {
            segments[i] = Segment.OpenSealed(folder, bases[i], bases[i + 1], carried, options.IndexIntervalBytes, sync);
            carried = segments[i].SourceAtEnd;
        }

        segments[^1] = Segment.OpenActive(folder, bases[^1], carried, options.IndexIntervalBytes, now, sync, out var lastSource);
        var partition = new LogPartition(id, folder, options, time, segments, lastSource);
        try
        {
            partition.EnforceRetention();
        }
        catch
        {
            partition.Dispose();
            throw;
        }

        return partition;
    }

    public long Append(LogBatch batch, ReadOnlySpan<byte> source)
    {
        if (source.Length > FileEventLog.MaxSourcePositionBytes)
            throw new ArgumentException($"a source position holds at most {FileEventLog.MaxSourcePositionBytes} bytes, got {source.Length}", nameof(source));
        long first;
        lock (_writeLock)
        {
            ThrowIfUnusable();
            first = _endOffset;
            if (batch.Count == 0 && source.IsEmpty)
                return first;
            long size = BatchHeader.Size + source.Length + batch.ByteLength;
            try
            {
                if (_active.Length > SegmentHeader.Size && _active.Length + size > _options.SegmentBytes)
                    Roll();
                long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                _gather[0] = _header.AsMemory(0, BatchHeader.Write(_header, first, batch.Count, batch.ByteLength, now, source));
                _gather[1] = batch.Frames;
                long position = _active.Length;
                RandomAccess.Write(_active.Handle!, _gather, position);
                if (_options.Fsync == FsyncPolicy.Always)
                    RandomAccess.FlushToDisk(_active.Handle!);
                _active.Appended(position, first, batch.Count, size, now, _options.IndexIntervalBytes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Fail(ex);
                throw;
            }
            finally
            {
                _gather[1] = default; // do not keep the caller's batch alive
            }

            if (!source.IsEmpty)
                Volatile.Write(ref _lastSource, source.ToArray());
            Volatile.Write(ref _endOffset, first + batch.Count);
        }

        SignalAppended();
        return first;
    }

    public void Flush()
    {
        lock (_writeLock)
        {
            ThrowIfUnusable();
            RandomAccess.FlushToDisk(_active.Handle!);
            if (_unsynced.Count == 0)
                return;
            foreach (var path in _unsynced)
            {
                // Retention may have deleted it since: then there is nothing to sync.
                if (!File.Exists(path))
                    continue;
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                RandomAccess.FlushToDisk(handle);
            }

            DirectorySync.Flush(_folder);
            _unsynced.Clear();
        }
    }

    /// <summary>The segment holding <paramref name="offset"/> (the last one for the end offset); null once retention deleted it.</summary>
    public Segment? FindSegment(long offset)
    {
        var segments = Volatile.Read(ref _segments);
        int lo = 0, hi = segments.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (segments[mid].BaseOffset <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found < 0 ? null : segments[found];
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_closed)
                return;
            _closed = true;
            try
            {
                if (Sync && _failure is null)
                    RandomAccess.FlushToDisk(_active.Handle!);
            }
            finally
            {
                _active.Close();
            }
        }

        SignalClosed();
    }

    private void Roll()
    {
        var sealedSegment = _active;
        sealedSegment.Seal(_lastSource, Sync);
        if (!Sync)
            _unsynced.Add(sealedSegment.LogPath);
        _active = Segment.Create(_folder, _endOffset, _time.GetUtcNow().ToUnixTimeMilliseconds(), Sync);
        Volatile.Write(ref _segments, [.. _segments, _active]);
        ApplyRetention();
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_failure is not null)
            throw new IOException($"partition {Id} of the event log failed earlier ({_failure.Message}); reopen the log to recover it", _failure);
    }

    /// <summary>
    /// After a failed write or fsync the file's tail is unknown (and after a failed fsync the kernel may have dropped
    /// the dirty pages), so the partition refuses further appends; reopening recovers it from what is on disk.
    /// </summary>
    private void Fail(Exception ex)
    {
        _failure = ex;
        try
        {
            if (_active.Handle is { } handle)
                RandomAccess.SetLength(handle, _active.Length);
        }
        catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
        {
            // recovery will cut the partial batch off on the next open
        }
    }
}
