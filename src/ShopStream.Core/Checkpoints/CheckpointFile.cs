using System.Buffers.Binary;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log.Embedded;

namespace ShopStream.Core.Checkpoints;

/// <summary>
/// The bytes of a checkpoint file: an 8-byte magic, a format version (a reader refuses a version it does not
/// know rather than guess at it), the body, and a CRC-32C of everything before it, so damage is found, not read.
/// </summary>
internal static class CheckpointFile
{
    /// <summary>The format this build writes and the only one it reads.</summary>
    public const int Version = 1;

    private static ReadOnlySpan<byte> Magic => "SSCKPT\r\n"u8;

    public static byte[] Encode(RunCheckpoint c)
    {
        using var body = new MemoryStream();
        body.Write(Magic);
        Span<byte> version = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(version, Version);
        body.Write(version);
        var w = new StateWriter(body);
        w.Write(c.Sequence);
        w.WriteString(c.RunKey);
        w.Write(c.Position.InputIndex);
        w.Write(c.Position.Line);
        w.Write(c.Accepted);
        w.Write(c.RejectedByReason.Length);
        foreach (long n in c.RejectedByReason)
            w.Write(n);
        w.Write(c.DeadLetterBytes);
        w.Write(c.RouterState);
        w.Write(c.PartitionStates.Length);
        foreach (var state in c.PartitionStates)
            w.Write(state);
        w.Flush();
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32C.Compute(body.GetBuffer().AsSpan(0, (int)body.Length)));
        body.Write(crc);
        return body.ToArray();
    }

    /// <summary>Reads a checkpoint file; <see cref="CheckpointException"/> when it is damaged or of another version.</summary>
    public static RunCheckpoint Decode(byte[] file, string path)
    {
        if (file.Length < Magic.Length + 8 || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException($"{path} is not a ShopStream checkpoint");
        int version = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(Magic.Length));
        if (version != Version)
            throw new UnknownCheckpointVersionException(path, version, Version);
        int end = file.Length - 4;
        if (Crc32C.Compute(file.AsSpan(0, end)) != BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(end)))
            throw new CheckpointException($"{path} is damaged (checksum mismatch)");

        using var body = new MemoryStream(file, Magic.Length + 4, end - Magic.Length - 4, writable: false);
        var r = new StateReader(body);
        try
        {
            long sequence = r.ReadLong();
            string runKey = r.ReadString() ?? "";
            var position = new ResumePoint(r.ReadInt(), r.ReadLong());
            long accepted = r.ReadLong();
            var rejected = new long[r.ReadCount()];
            for (int i = 0; i < rejected.Length; i++)
                rejected[i] = r.ReadLong();
            long deadLetters = r.ReadLong();
            var router = r.ReadBytes();
            var partitions = new byte[r.ReadCount()][];
            for (int p = 0; p < partitions.Length; p++)
                partitions[p] = r.ReadBytes();
            r.ExpectEnd();
            return new RunCheckpoint
            {
                Sequence = sequence,
                RunKey = runKey,
                Position = position,
                Accepted = accepted,
                RejectedByReason = rejected,
                DeadLetterBytes = deadLetters,
                RouterState = router,
                PartitionStates = partitions,
            };
        }
        catch (EndOfStreamException)
        {
            throw new CheckpointException($"{path} is damaged (it ends early)");
        }
    }
}
