using System.Buffers.Binary;

namespace ShopStream.Core.Checkpoints;

/// <summary>
/// The framing of a checkpoint file: an 8-byte magic, a format version (a reader refuses a version it does not
/// know rather than guess at it), the kind of checkpoint, the body, and a CRC-32C of everything before it, so
/// damage is found, not read.
/// </summary>
internal static class CheckpointFile
{
    /// <summary>The format this build writes and the only one it reads (2: orders keep their payment, money and attribution; 3: partitions record their spill runs; 4: and their spilled orders; 5: dedup buckets are minutes of event time, not hours).</summary>
    public const int Version = 5;

    private static ReadOnlySpan<byte> Magic => "SSCKPT\r\n"u8;

    /// <summary>Writes a checkpoint of <paramref name="kind"/> to <paramref name="output"/>, its CRC computed on the way (no copy is made in memory).</summary>
    public static void Encode(Stream output, string kind, Action<StateWriter> writeBody)
    {
        var crc = new Crc32CWriteStream(output);
        crc.Write(Magic);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(word, Version);
        crc.Write(word);
        var w = new StateWriter(crc);
        w.WriteString(kind);
        writeBody(w);
        w.Flush();
        BinaryPrimitives.WriteUInt32LittleEndian(word, crc.Crc);
        output.Write(word);
    }

    /// <summary>Reads a checkpoint file of <paramref name="kind"/>; <see cref="CheckpointException"/> when it is damaged or another kind, <see cref="UnknownCheckpointVersionException"/> for another version.</summary>
    public static T Decode<T>(byte[] file, string path, string kind, Func<StateReader, T> readBody)
    {
        if (file.Length < Magic.Length + 8 || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException($"{path} is not a ShopStream checkpoint");
        int version = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(Magic.Length));
        if (version != Version)
            throw new UnknownCheckpointVersionException(path, version, Version);
        int end = file.Length - 4;
        if (Log.Embedded.Crc32C.Compute(file.AsSpan(0, end)) != BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(end)))
            throw new CheckpointException($"{path} is damaged (checksum mismatch)");

        using var body = new MemoryStream(file, Magic.Length + 4, end - Magic.Length - 4, writable: false);
        var r = new StateReader(body);
        try
        {
            string? found = r.ReadString();
            if (found != kind)
                throw new CheckpointException($"{path} is a {found} checkpoint, not a {kind} one");
            var value = readBody(r);
            r.ExpectEnd();
            return value;
        }
        catch (EndOfStreamException)
        {
            throw new CheckpointException($"{path} is damaged (it ends early)");
        }
    }
}
