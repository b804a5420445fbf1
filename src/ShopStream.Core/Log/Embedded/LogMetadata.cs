using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ShopStream.Core.Log.Embedded;

/// <summary>
/// The log folder's <c>meta</c> file: what stays fixed for the log's life. Its partition count (changing it would
/// move users to other partitions) and, from version 2, a random id, so a checkpoint of another log's offsets (the
/// folder deleted and ingested again) is refused rather than resumed over records it never saw.
/// <c>"SSLOGMTA", u16 version, u16 0, i32 partitions, [16-byte id,] u32 CRC-32C</c>.
/// </summary>
internal static class LogMetadata
{
    public const string FileName = "meta";
    private const ushort Version = 2;
    private const int IdSize = 16;
    private const int SizeV1 = 20;
    private const int Size = SizeV1 + IdSize;

    private static ReadOnlySpan<byte> Magic => "SSLOGMTA"u8;

    /// <summary>
    /// The log's partition count and id: read from an existing log (the count checked against
    /// <paramref name="requested"/>), else recorded. A version 1 log has no id: "".
    /// </summary>
    public static (int Partitions, string Id) OpenOrCreate(string folder, int? requested, bool sync)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            if (HoldsEventsWithout(folder))
            {
                // A new one would give the log another id and perhaps another partition count, under its events.
                throw new LogFormatException(
                    $"the event log in '{folder}' holds partitions with events but no '{FileName}' file, which records its partition count and id: " +
                    "restore it from a copy, or ingest again into a new log");
            }

            int partitions = requested ?? Environment.ProcessorCount;
            Span<byte> bytes = stackalloc byte[Size];
            Magic.CopyTo(bytes);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes[8..], Version);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes[10..], 0);
            BinaryPrimitives.WriteInt32LittleEndian(bytes[12..], partitions);
            RandomNumberGenerator.Fill(bytes.Slice(16, IdSize));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[(Size - 4)..], Crc32C.Compute(bytes[..(Size - 4)]));
            DurableFile.Write(path, bytes, sync);
            return (partitions, Convert.ToHexStringLower(bytes.Slice(16, IdSize)));
        }

        var span = File.ReadAllBytes(path).AsSpan();
        if (span.Length < 10 || !span.StartsWith(Magic))
            throw new LogFormatException($"'{path}' is not a ShopStream event log's metadata file");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]);
        if (version is not (1 or Version))
            throw new LogFormatException($"event log '{folder}' has format version {version}; this build reads versions 1 and {Version} only");
        int size = version == 1 ? SizeV1 : Size;
        if (span.Length != size || BinaryPrimitives.ReadUInt32LittleEndian(span[(size - 4)..]) != Crc32C.Compute(span[..(size - 4)]))
            throw new LogFormatException($"event log metadata '{path}' is corrupt (checksum mismatch)");
        int existing = BinaryPrimitives.ReadInt32LittleEndian(span[12..]);
        if (requested is { } r && r != existing)
            throw new ArgumentException($"the event log in '{folder}' has {existing} partitions; it cannot be opened with {r}");
        return (existing, version == 1 ? "" : Convert.ToHexStringLower(span.Slice(16, IdSize)));
    }

    /// <summary>Whether <paramref name="folder"/> lacks its metadata file while a partition folder in it holds records.</summary>
    public static bool HoldsEventsWithout(string folder) =>
        !File.Exists(Path.Combine(folder, FileName)) && Directory.Exists(folder)
        && Directory.EnumerateDirectories(folder).Where(d => int.TryParse(Path.GetFileName(d), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            .Any(Segment.AnyRecordsIn);
}
