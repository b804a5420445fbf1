using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace ShopStream.Core.Checkpoints;

/// <summary>
/// The framing of a checkpoint file: an 8-byte magic, a format version (a reader refuses a version it does not
/// know rather than guess at it), the kind of checkpoint, the body, and a CRC-32C of everything before it, so
/// damage is found, not read.
/// </summary>
internal static class CheckpointFile
{
    /// <summary>The format this build writes and the only one it reads (2: orders keep their payment, money and attribution; 3: partitions record their spill runs; 4: and their spilled orders; 5: dedup buckets are minutes of event time, not hours; 6: states have 8-byte lengths, so one may pass 2 GB; 7: log partitions count the records their reader refused).</summary>
    public const int Version = 7;

    /// <summary>Bytes of the file read at a time to verify its checksum.</summary>
    internal const int ChecksumChunk = 1 << 20;

    private static ReadOnlySpan<byte> Magic => "SSCKPT\r\n"u8;

    private static int HeaderLength => Magic.Length + 4;

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

    /// <summary>
    /// Reads the checkpoint file at <paramref name="path"/>, of <paramref name="kind"/>; <see cref="CheckpointException"/>
    /// when it is damaged or another kind, <see cref="UnknownCheckpointVersionException"/> for another version. The
    /// file is read as a stream, whatever its size: states in it are left there for <paramref name="readBody"/> to
    /// note as <see cref="StateExtent"/>s (with <see cref="StateReader.SkipState"/>), whose positions are the file's.
    /// </summary>
    public static T Decode<T>(string path, string kind, Func<StateReader, T> readBody)
    {
        using var file = OpenChecked(path, out long end);
        try
        {
            if (ChecksumOf(file, end) != StoredChecksum(file, end))
                throw new CheckpointException($"{path} is damaged (checksum mismatch)");
            using var body = new BufferedStream(new FileRegionStream(file, 0, end), StateExtent.BufferSize);
            var r = BodyOf(body, path, kind);
            var value = readBody(r);
            r.ExpectEnd();
            return value;
        }
        catch (EndOfStreamException)
        {
            throw new CheckpointException($"{path} is damaged (it ends early)");
        }
    }

    /// <summary>
    /// The first fields of the body of the checkpoint at <paramref name="path"/>, read by <paramref name="readHead"/>
    /// without verifying the checksum: a glance at where a checkpoint stands (its state may be gigabytes), never
    /// something to restore from. A damaged file is found when it is decoded.
    /// </summary>
    public static T Peek<T>(string path, string kind, Func<StateReader, T> readHead)
    {
        using var file = OpenChecked(path, out long end);
        try
        {
            using var body = new BufferedStream(new FileRegionStream(file, 0, end), 4096);
            return readHead(BodyOf(body, path, kind));
        }
        catch (EndOfStreamException)
        {
            throw new CheckpointException($"{path} is damaged (it ends early)");
        }
    }

    // Opens a checkpoint file whose magic and version are this build's; `end` is where the body ends (the checksum's place).
    private static SafeFileHandle OpenChecked(string path, out long end)
    {
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            long length = RandomAccess.GetLength(file);
            Span<byte> header = stackalloc byte[HeaderLength];
            if (length < HeaderLength + 4 || RandomAccess.Read(file, header, 0) != HeaderLength || !header[..Magic.Length].SequenceEqual(Magic))
                throw new CheckpointException($"{path} is not a ShopStream checkpoint");
            int version = BinaryPrimitives.ReadInt32LittleEndian(header[Magic.Length..]);
            end = length - 4;
            // Another version is believed only if the checksum (which covers the header) agrees: a flipped bit in the
            // version field is damage, passed over for the checkpoint before, not a reason to refuse the resume.
            if (version != Version)
            {
                throw ChecksumOf(file, end) == StoredChecksum(file, end)
                    ? new UnknownCheckpointVersionException(path, version, Version)
                    : new CheckpointException($"{path} is damaged (checksum mismatch)");
            }

            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    // The body is read from the start of the file, past the header, so positions in it are the file's.
    private static StateReader BodyOf(Stream body, string path, string kind)
    {
        body.Position = HeaderLength;
        var r = new StateReader(body);
        string? found = r.ReadString();
        return found == kind ? r : throw new CheckpointException($"{path} is a {found} checkpoint, not a {kind} one");
    }

    // The CRC-32C of the file's first `end` bytes, a chunk at a time: a checkpoint may be larger than any array.
    private static uint ChecksumOf(SafeFileHandle file, long end)
    {
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChecksumChunk);
        try
        {
            uint crc = 0;
            for (long at = 0; at < end;)
            {
                int read = RandomAccess.Read(file, chunk.AsSpan(0, (int)Math.Min(ChecksumChunk, end - at)), at);
                if (read == 0)
                    throw new EndOfStreamException();
                crc = Log.Embedded.Crc32C.Append(crc, chunk.AsSpan(0, read));
                at += read;
            }

            return crc;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static uint StoredChecksum(SafeFileHandle file, long end)
    {
        Span<byte> word = stackalloc byte[4];
        return RandomAccess.Read(file, word, end) == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(word) : throw new EndOfStreamException();
    }
}
