using Microsoft.Win32.SafeHandles;

namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// Reads a partition of the embedded log through a read-ahead window: one positional read per window, frames parsed
/// in place and handed out as views (no copy). Never reads past a segment's published length, so it sees whole
/// batches only, and checks every record's CRC. Seeking goes to the nearest indexed batch and skips forward.
/// Has its own file handle, so it keeps reading a segment that retention deletes under it.
/// </summary>
internal sealed class FileLogReader : ILogReader
{
    private readonly LogPartition _partition;
    private readonly FileWindow _window;
    private Segment? _segment;
    private SafeFileHandle? _handle;
    private long _filePosition;   // the next batch header (when _leftInBatch is 0) or record frame
    private int _leftInBatch;     // records of the current batch not parsed yet
    private long _nextOffset;     // offset of the next record parsed
    private long _position;       // offset of the next record returned; ahead of _nextOffset after a seek
    private bool _disposed;

    public FileLogReader(LogPartition partition, long offset)
    {
        _partition = partition;
        _window = new FileWindow(partition.Options.ReadBufferBytes);
        Seek(offset);
    }

    public int Partition => _partition.Id;

    public long Position => _position;

    public void Seek(long offset)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long start = _partition.StartOffset, end = _partition.EndOffset;
        if (offset < start || offset > end)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"partition {Partition} holds offsets {start} up to (not including) {end}");
        var segment = _partition.FindSegment(offset) ?? throw Deleted(offset);
        Enter(segment);
        var (relative, position) = segment.Index.Floor(offset - segment.BaseOffset);
        _filePosition = position;
        _nextOffset = segment.BaseOffset + relative;
        _leftInBatch = 0;
        _position = offset;
    }

    public int Read(LogReadBatch batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(batch);
        batch.Reset(_position);
        while (batch.Count < batch.Capacity && _position < _partition.EndOffset)
        {
            // Read after the end offset: the segment's length was published first, so it covers every record below it.
            long limit = _segment!.Length;
            if (_leftInBatch == 0)
            {
                if (_filePosition >= limit)
                {
                    // The records are in the next segment; entering it moves the window, so not with records in hand.
                    if (batch.Count > 0)
                        break;
                    EnterNext();
                    continue;
                }

                if (!Ensure(BatchHeader.Size, limit, batch.Count))
                    break;
                if (!BatchHeader.TryRead(_window.Span(_filePosition, BatchHeader.Size), out var header) || header.BaseOffset != _nextOffset)
                    throw Corrupt("batch header");
                if (!Ensure(header.HeaderLength, limit, batch.Count))
                    break;
                if (!BatchHeader.IsIntact(_window.Span(_filePosition, header.HeaderLength)))
                    throw Corrupt("batch header checksum");
                _leftInBatch = header.Count;
                _filePosition += header.HeaderLength;
                continue;
            }

            if (!Ensure(4, limit, batch.Count))
                break;
            long size = RecordFrame.SizeOf(_window.Span(_filePosition, 4));
            if (size < 0 || _filePosition + size > limit)
                throw Corrupt("record length");
            if (!Ensure((int)size, limit, batch.Count))
                break;
            if (!RecordFrame.IsIntact(_window.Span(_filePosition, (int)size)))
                throw Corrupt("record checksum");
            if (_nextOffset == _position)
            {
                batch.Add(_window.Buffer, _window.IndexOf(_filePosition), (int)size);
                _position++;
            }

            _filePosition += size;
            _nextOffset++;
            _leftInBatch--;
        }

        return batch.Count;
    }

    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (_partition.EndOffset > _position)
                return true;
            var appended = _partition.NextAppendAsync();
            if (_partition.EndOffset > _position)
                return true;
            if (!await appended.WaitAsync(cancellationToken).ConfigureAwait(false))
                return false;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _handle?.Dispose();
        _handle = null;
    }

    /// <summary>
    /// Whether <paramref name="count"/> bytes at the file position are in the window. Refills the window only while
    /// the batch is empty (a refill would move the records already handed out), so false means: return what you have.
    /// </summary>
    private bool Ensure(int count, long limit, int recordsInHand)
    {
        if (_window.Contains(_filePosition, count))
            return true;
        if (recordsInHand > 0)
            return false;
        if (!_window.Load(_filePosition, count, limit))
            throw Corrupt("segment length");
        return true;
    }

    private void Enter(Segment segment)
    {
        if (segment == _segment)
            return;
        SafeFileHandle handle;
        try
        {
            handle = segment.OpenRead();
        }
        catch (FileNotFoundException)
        {
            throw Deleted(segment.BaseOffset);
        }

        _handle?.Dispose();
        _handle = handle;
        _segment = segment;
        _window.Attach(handle);
    }

    private void EnterNext()
    {
        var next = _partition.FindSegment(_nextOffset) ?? throw Deleted(_nextOffset);
        if (next.BaseOffset != _nextOffset)
            throw Corrupt($"segment end (the next segment starts at offset {next.BaseOffset})");
        Enter(next);
        _filePosition = SegmentHeader.Size;
    }

    private LogFormatException Corrupt(string what) =>
        new($"event log segment '{_segment!.LogPath}' is corrupt at byte {_filePosition} (offset {_nextOffset}): bad {what}");

    private InvalidOperationException Deleted(long offset) =>
        new($"offset {offset} of partition {Partition} was deleted by retention before it was read; the partition now starts at {_partition.StartOffset}");
}
