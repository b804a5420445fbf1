using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// One segment file of a partition, <c>&lt;first offset, 20 digits&gt;.log</c>, with its sparse index. The last
/// segment of a partition is active: the partition's writer appends to it through <see cref="Handle"/> and
/// publishes each whole batch by moving <see cref="Length"/>, which readers read to know how far the file is whole.
/// The others are sealed: immutable, with a summary loaded from their index file.
/// </summary>
internal sealed class Segment
{
    public const string Extension = ".log";
    public const string IndexExtension = ".index";
    private long _length;

    private Segment(string folder, long baseOffset, SegmentIndex index)
    {
        BaseOffset = baseOffset;
        LogPath = Path.Combine(folder, NameOf(baseOffset));
        IndexPath = Path.ChangeExtension(LogPath, IndexExtension);
        Index = index;
    }

    public long BaseOffset { get; }

    public string LogPath { get; }

    public string IndexPath { get; }

    public SegmentIndex Index { get; }

    /// <summary>Bytes of the file that hold whole batches (from the header on); safe to read from any thread.</summary>
    public long Length => Volatile.Read(ref _length);

    /// <summary>The offset after the segment's last record.</summary>
    public long EndOffset { get; private set; }

    /// <summary>When a batch was last appended (Unix ms), or when the segment was created if it has none.</summary>
    public long LastAppendMs { get; private set; }

    /// <summary>A sealed segment's source position at its end (see <see cref="SegmentSummary"/>).</summary>
    public byte[]? SourceAtEnd { get; private set; }

    /// <summary>The active segment's write handle; null once sealed.</summary>
    public SafeFileHandle? Handle { get; private set; }

    /// <summary>Whether the partition folder <paramref name="folder"/> holds a segment file with a record in it (past its header).</summary>
    public static bool AnyRecordsIn(string folder) =>
        Directory.EnumerateFiles(folder, "*" + Extension).Any(f => new FileInfo(f).Length > SegmentHeader.Size);

    public static string NameOf(long baseOffset) => baseOffset.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    public static bool TryParseName(string fileName, out long baseOffset)
    {
        baseOffset = 0;
        return fileName.Length == 20 + Extension.Length
            && fileName.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out baseOffset);
    }

    /// <summary>Creates the file of a new, empty active segment.</summary>
    public static Segment Create(string folder, long baseOffset, long nowMs, bool sync)
    {
        var segment = new Segment(folder, baseOffset, new SegmentIndex());
        segment.Handle = File.OpenHandle(segment.LogPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            segment.WriteHeader(sync);
            if (sync)
                DirectorySync.Flush(folder);
        }
        catch
        {
            // A full disk, say: the file stays (OpenActive redoes a torn header), the handle does not.
            segment.Close();
            throw;
        }

        segment.EndOffset = baseOffset;
        segment.LastAppendMs = nowMs;
        return segment;
    }

    /// <summary>
    /// Opens a sealed segment from its index file, or rebuilds the index by scanning when the file is missing or
    /// does not match the segment. A sealed segment was fsynced before the next one was created (unless the policy is
    /// Never), so unlike the last segment it cannot have been torn by a crash: damage there is reported, never cut off.
    /// </summary>
    public static Segment OpenSealed(string folder, long baseOffset, long nextBaseOffset, byte[]? sourceBefore, int indexInterval, bool sync)
    {
        var probe = new Segment(folder, baseOffset, new SegmentIndex());
        using var handle = File.OpenHandle(probe.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long length = RandomAccess.GetLength(handle);
        ValidateHeader(handle, probe.LogPath, baseOffset);
        if (SegmentIndex.TryLoad(probe.IndexPath) is var (index, summary) && summary.EndOffset == nextBaseOffset && summary.Length == length)
            return new Segment(folder, baseOffset, index).Sealed(summary);
        var scan = SegmentScanner.Scan(handle, length, baseOffset, probe.Index, indexInterval);
        if (scan.ValidLength != length || scan.EndOffset != nextBaseOffset)
        {
            throw new LogFormatException(
                $"log segment '{probe.LogPath}' is damaged: its records are whole up to byte {scan.ValidLength} of {length} " +
                $"(offset {scan.EndOffset}) but the next segment starts at offset {nextBaseOffset}");
        }

        var rebuilt = new SegmentSummary(scan.EndOffset, length, scan.LastAppendMs, scan.LastSource ?? sourceBefore);
        probe.Index.Save(probe.IndexPath, rebuilt, sync);
        return probe.Sealed(rebuilt);
    }

    /// <summary>
    /// Opens the last segment for appending after recovery: scans it and truncates whatever follows its last whole
    /// batch (a write torn by a crash), so every record in it is whole. Returns the source position stored last,
    /// here or (<paramref name="sourceBefore"/>) in an earlier segment.
    /// </summary>
    /// <exception cref="LogFormatException">Whole batches follow the damage: it is not a torn tail, and is not cut off.</exception>
    public static Segment OpenActive(string folder, long baseOffset, byte[]? sourceBefore, int indexInterval, long nowMs, bool sync, out byte[]? lastSource)
    {
        var segment = new Segment(folder, baseOffset, new SegmentIndex());
        segment.Handle = File.OpenHandle(segment.LogPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            long length = RandomAccess.GetLength(segment.Handle);
            if (HeaderIsTorn(segment.Handle, length))
            {
                // The crash came while the segment was being created: it has no records yet.
                RandomAccess.SetLength(segment.Handle, 0);
                segment.WriteHeader(sync);
                length = SegmentHeader.Size;
            }

            ValidateHeader(segment.Handle, segment.LogPath, baseOffset);
            var scan = SegmentScanner.Scan(segment.Handle, length, baseOffset, segment.Index, indexInterval);
            if (scan.ValidLength < length)
            {
                if (SegmentScanner.WholeBatchAfter(segment.Handle, scan.ValidLength, length, scan.EndOffset) is { } later)
                {
                    throw new LogFormatException(
                        $"log segment '{segment.LogPath}' is damaged at byte {scan.ValidLength} (offset {scan.EndOffset}), and whole batches follow it " +
                        $"(offset {later} on): not a write cut short by a crash, so nothing was cut off. Restore the log from a copy, or ingest " +
                        $"again into a new one (after a power cut with --fsync on-close, 'truncate -s {scan.ValidLength}' on the file keeps what precedes the damage)");
                }

                RandomAccess.SetLength(segment.Handle, scan.ValidLength);
                if (sync)
                    RandomAccess.FlushToDisk(segment.Handle);
            }

            segment._length = scan.ValidLength;
            segment.EndOffset = scan.EndOffset;
            segment.LastAppendMs = scan.ValidLength > SegmentHeader.Size ? scan.LastAppendMs : nowMs;
            lastSource = scan.LastSource ?? sourceBefore;
            return segment;
        }
        catch
        {
            segment.Handle.Dispose();
            throw;
        }
    }

    /// <summary>Records a batch the writer has just written at <paramref name="position"/>, and publishes it to readers.</summary>
    public void Appended(long position, long baseOffset, int count, long size, long appendMs, int indexInterval)
    {
        Index.OnBatch(baseOffset - BaseOffset, position, indexInterval);
        EndOffset = baseOffset + count;
        LastAppendMs = appendMs;
        Volatile.Write(ref _length, position + size);
    }

    /// <summary>Seals the active segment: fsync (if <paramref name="sync"/>), write its index file, close the write handle.</summary>
    public void Seal(byte[]? sourceAtEnd, bool sync)
    {
        if (sync)
            RandomAccess.FlushToDisk(Handle!);
        SourceAtEnd = sourceAtEnd;
        Index.Save(IndexPath, new SegmentSummary(EndOffset, Length, LastAppendMs, sourceAtEnd), sync);
        Close();
    }

    public SafeFileHandle OpenRead() =>
        File.OpenHandle(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    public void Close()
    {
        Handle?.Dispose();
        Handle = null;
    }

    /// <summary>Deletes the files (readers that have the segment open keep reading it until they move on).</summary>
    public void Delete()
    {
        Close();
        File.Delete(LogPath);
        File.Delete(IndexPath);
    }

    private Segment Sealed(SegmentSummary summary)
    {
        _length = summary.Length;
        EndOffset = summary.EndOffset;
        LastAppendMs = summary.LastAppendMs;
        SourceAtEnd = summary.SourceAtEnd;
        return this;
    }

    private void WriteHeader(bool sync)
    {
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        SegmentHeader.Write(header, BaseOffset);
        RandomAccess.Write(Handle!, header, 0);
        if (sync)
            RandomAccess.FlushToDisk(Handle!);
        _length = SegmentHeader.Size;
    }

    private static bool HeaderIsTorn(SafeFileHandle handle, long length)
    {
        if (length < SegmentHeader.Size)
            return true;
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        RandomAccess.Read(handle, header, 0);
        return !header.ContainsAnyExcept((byte)0);
    }

    private static void ValidateHeader(SafeFileHandle handle, string path, long baseOffset)
    {
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        int n = RandomAccess.Read(handle, header, 0);
        SegmentHeader.Validate(header[..n], baseOffset, path);
    }
}
