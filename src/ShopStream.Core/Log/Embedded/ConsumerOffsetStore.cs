using System.Buffers.Binary;

namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// Consumer groups' committed offsets, one file per group (<c>groups/&lt;group&gt;.offsets</c>), replaced
/// atomically on every commit (write temp, fsync, rename), so a commit is all there or not at all. Cached in memory.
/// <c>"SSLOGOFS", u16 version, u16 0, i32 partitions, i64 per partition (-1: none), u32 CRC-32C</c>. Thread-safe.
/// </summary>
internal sealed class ConsumerOffsetStore(string folder, int partitions, bool sync)
{
    private const ushort Version = 1;
    private const int FixedSize = 16;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long[]> _groups = new(StringComparer.Ordinal);

    private static ReadOnlySpan<byte> Magic => "SSLOGOFS"u8;

    /// <summary>
    /// Records <paramref name="offsets"/>. A damaged file is written again, the other partitions' offsets unknown
    /// until they commit: offsets only report lag (a process resumes from its checkpoints), and a damaged file failed
    /// every process at its first checkpoint.
    /// </summary>
    public void Commit(string group, ReadOnlySpan<PartitionOffset> offsets)
    {
        lock (_lock)
        {
            long[] before;
            try
            {
                before = Load(group);
            }
            catch (LogFormatException ex) when (!ex.OtherVersion) // a newer build's file is not damaged
            {
                before = new long[partitions];
                before.AsSpan().Fill(-1);
            }

            var updated = (long[])before.Clone();
            foreach (var o in offsets)
                updated[o.Partition] = o.Offset;
            Save(group, updated);
            _groups[group] = updated;
        }
    }

    public long? Committed(string group, int partition)
    {
        lock (_lock)
        {
            long offset = Load(group)[partition];
            return offset < 0 ? null : offset;
        }
    }

    private string PathOf(string group)
    {
        ConsumerGroupName.Check(group);
        return Path.Combine(folder, group + ".offsets");
    }

    private long[] Load(string group)
    {
        if (_groups.TryGetValue(group, out var cached))
            return cached;
        string path = PathOf(group);
        var offsets = new long[partitions];
        if (File.Exists(path))
            Decode(File.ReadAllBytes(path), path, offsets);
        else
            offsets.AsSpan().Fill(-1);
        _groups[group] = offsets;
        return offsets;
    }

    private void Save(string group, long[] offsets)
    {
        var bytes = new byte[FixedSize + (offsets.Length * 8) + 4];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], offsets.Length);
        for (int p = 0; p < offsets.Length; p++)
            BinaryPrimitives.WriteInt64LittleEndian(span[(FixedSize + (p * 8))..], offsets[p]);
        int crcAt = span.Length - 4;
        BinaryPrimitives.WriteUInt32LittleEndian(span[crcAt..], Crc32C.Compute(span[..crcAt]));
        Directory.CreateDirectory(folder);
        DurableFile.Write(PathOf(group), bytes, sync);
    }

    private static void Decode(ReadOnlySpan<byte> span, string path, long[] offsets)
    {
        if (span.Length < 10 || !span.StartsWith(Magic))
            throw new LogFormatException($"'{path}' is not a ShopStream consumer offsets file");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]);
        if (version != Version)
            throw new LogFormatException($"consumer offsets file '{path}' has format version {version}; this build reads version {Version} only") { OtherVersion = true };
        int crcAt = span.Length - 4;
        if (span.Length != FixedSize + (offsets.Length * 8) + 4 || BinaryPrimitives.ReadInt32LittleEndian(span[12..]) != offsets.Length
            || BinaryPrimitives.ReadUInt32LittleEndian(span[crcAt..]) != Crc32C.Compute(span[..crcAt]))
            throw new LogFormatException($"consumer offsets file '{path}' is corrupt or for another partition count");
        for (int p = 0; p < offsets.Length; p++)
            offsets[p] = BinaryPrimitives.ReadInt64LittleEndian(span[(FixedSize + (p * 8))..]);
    }
}
