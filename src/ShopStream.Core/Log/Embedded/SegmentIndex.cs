using System.Buffers.Binary;

namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// A segment's sparse offset index: the offset and file position of a batch every <c>IndexIntervalBytes</c>, so a
/// reader seeks to the nearest batch at or before an offset and scans at most about that many bytes. Kept in
/// memory; written to <c>&lt;base&gt;.index</c> when the segment is sealed. It is derived data: the last segment's
/// index is rebuilt by recovery on every open, and a missing or damaged index file is rebuilt by scanning.
/// Thread-safe: the writer adds while readers seek.
/// <code>
/// index file:  "SSLOGIDX", u16 version, u16 source length, i32 entries,
///              i64 end offset, i64 last append (Unix ms), i64 segment length, source position,
///              entries (u32 offset - base, u32 position), u32 CRC-32C of everything before it
/// </code>
/// </summary>
internal sealed class SegmentIndex
{
    private const ushort Version = 1;
    private const int FixedSize = 40;
    private readonly Lock _lock = new();
    private int[] _offsets = new int[16];
    private int[] _positions = new int[16];
    private int _count;
    private long _lastIndexed = long.MinValue;

    private static ReadOnlySpan<byte> Magic => "SSLOGIDX"u8;

    /// <summary>Indexes the batch at <paramref name="position"/> if it is the first or far enough past the last entry.</summary>
    public void OnBatch(long relativeOffset, long position, int interval)
    {
        if (_count > 0 && position - _lastIndexed < interval)
            return;
        lock (_lock)
        {
            if (_count == _offsets.Length)
            {
                Array.Resize(ref _offsets, _count * 2);
                Array.Resize(ref _positions, _count * 2);
            }

            _offsets[_count] = (int)relativeOffset;
            _positions[_count++] = (int)position;
        }

        _lastIndexed = position;
    }

    /// <summary>The last indexed batch starting at or before <paramref name="relativeOffset"/>; the first batch's place when none is.</summary>
    public (long RelativeOffset, long Position) Floor(long relativeOffset)
    {
        lock (_lock)
        {
            int lo = 0, hi = _count - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_offsets[mid] <= relativeOffset)
                {
                    found = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return found < 0 ? (0, SegmentHeader.Size) : (_offsets[found], _positions[found]);
        }
    }

    public void Save(string path, SegmentSummary summary, bool sync)
    {
        int sourceLength = summary.SourceAtEnd?.Length ?? 0;
        var bytes = new byte[FixedSize + sourceLength + (_count * 8) + 4];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], (ushort)sourceLength);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], _count);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], summary.EndOffset);
        BinaryPrimitives.WriteInt64LittleEndian(span[24..], summary.LastAppendMs);
        BinaryPrimitives.WriteInt64LittleEndian(span[32..], summary.Length);
        summary.SourceAtEnd.AsSpan().CopyTo(span[FixedSize..]);
        int at = FixedSize + sourceLength;
        for (int i = 0; i < _count; i++, at += 8)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], _offsets[i]);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], _positions[i]);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], Crc32C.Compute(span[..at]));
        DurableFile.Write(path, bytes, sync);
    }

    /// <summary>Loads an index file; null when it is missing, damaged or of another version (then rebuild it by scanning).</summary>
    public static (SegmentIndex Index, SegmentSummary Summary)? TryLoad(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        var span = bytes.AsSpan();
        if (span.Length < FixedSize + 4 || !span.StartsWith(Magic) || BinaryPrimitives.ReadUInt16LittleEndian(span[8..]) != Version)
            return null;
        int sourceLength = BinaryPrimitives.ReadUInt16LittleEndian(span[10..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(span[12..]);
        int at = FixedSize + sourceLength;
        if (count < 0 || span.Length != at + (count * 8L) + 4)
            return null;
        int crcAt = span.Length - 4;
        if (BinaryPrimitives.ReadUInt32LittleEndian(span[crcAt..]) != Crc32C.Compute(span[..crcAt]))
            return null;
        var index = new SegmentIndex();
        for (int i = 0; i < count; i++, at += 8)
            index.OnBatch(BinaryPrimitives.ReadInt32LittleEndian(span[at..]), BinaryPrimitives.ReadInt32LittleEndian(span[(at + 4)..]), interval: 0);
        var summary = new SegmentSummary(
            BinaryPrimitives.ReadInt64LittleEndian(span[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[24..]),
            sourceLength == 0 ? null : span.Slice(FixedSize, sourceLength).ToArray());
        return (index, summary);
    }
}
