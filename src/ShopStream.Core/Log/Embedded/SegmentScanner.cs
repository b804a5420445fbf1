using Microsoft.Win32.SafeHandles;

namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// Walks a segment's batches from the header on, checking every batch header and every record's CRC, and stops at
/// the first batch that is not whole: everything before it is the segment's valid prefix. Used by recovery (the
/// last segment, whose tail a crash may have torn) and to rebuild a sealed segment's missing index.
/// </summary>
internal static class SegmentScanner
{
    public readonly record struct Result(long ValidLength, long EndOffset, long LastAppendMs, byte[]? LastSource);

    /// <summary>Scans the file, adding each whole batch to <paramref name="index"/>.</summary>
    public static Result Scan(SafeFileHandle handle, long fileLength, long baseOffset, SegmentIndex index, int indexInterval)
    {
        var window = new FileWindow(1 << 20);
        window.Attach(handle);
        long position = SegmentHeader.Size, next = baseOffset, lastAppend = 0, sourceAt = -1;
        int sourceLength = 0;
        while (IntactHeaderAt(window, position, fileLength, out var header)
            && header.BaseOffset == next
            && RecordsAreWhole(window, position + header.HeaderLength, position + header.TotalLength, header.Count, fileLength))
        {
            index.OnBatch(next - baseOffset, position, indexInterval);
            if (header.SourceLength > 0)
                (sourceAt, sourceLength) = (position + BatchHeader.Size, header.SourceLength);
            lastAppend = header.AppendTimeMs;
            next = header.EndOffset;
            position += header.TotalLength;
        }

        byte[]? source = null;
        if (sourceAt >= 0)
        {
            window.Load(sourceAt, sourceLength, fileLength);
            source = window.Span(sourceAt, sourceLength).ToArray();
        }

        return new Result(position, next, lastAppend, source);
    }

    /// <summary>
    /// The first offset of a batch after byte <paramref name="from"/> whose header is intact and numbered at or after
    /// <paramref name="next"/>, or null. A crash tears only the tail a segment was being written at, so a whole batch
    /// after a damaged one means the damage is not a torn tail. Searched byte by byte: the damaged batch's own length
    /// may be what is damaged.
    /// </summary>
    public static long? WholeBatchAfter(SafeFileHandle handle, long from, long fileLength, long next)
    {
        var window = new FileWindow(1 << 20);
        window.Attach(handle);
        for (long p = from + 1; p + BatchHeader.Size <= fileLength; p++)
        {
            if (IntactHeaderAt(window, p, fileLength, out var header) && header.BaseOffset >= next)
                return header.BaseOffset;
        }

        return null;
    }

    // A batch header at position whose CRC matches and whose batch ends within the file.
    private static bool IntactHeaderAt(FileWindow window, long position, long fileLength, out BatchHeader header)
    {
        header = default;
        return window.Load(position, BatchHeader.Size, fileLength)
            && BatchHeader.TryRead(window.Span(position, BatchHeader.Size), out header)
            && position + header.TotalLength <= fileLength
            && window.Load(position, header.HeaderLength, fileLength)
            && BatchHeader.IsIntact(window.Span(position, header.HeaderLength));
    }

    private static bool RecordsAreWhole(FileWindow window, long position, long end, int count, long fileLength)
    {
        for (int i = 0; i < count; i++)
        {
            if (position + 4 > end || !window.Load(position, 4, fileLength))
                return false;
            long size = RecordFrame.SizeOf(window.Span(position, 4));
            if (size < 0 || position + size > end || !window.Load(position, (int)size, fileLength)
                || !RecordFrame.IsIntact(window.Span(position, (int)size)))
                return false;
            position += size;
        }

        return position == end;
    }
}
