using System.Buffers.Binary;
using ShopStream.Core.Ingest;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Log;

/// <summary>
/// The source position stored with every batch an ingest appends: where in the inputs the batch ends, how long
/// the dead-letter file was then, the counters so far, and the stream's max event time (for watermarks on replay).
/// Versioned: a position written by a newer format is refused, never misread.
/// </summary>
public sealed record IngestPosition(ResumePoint End, long DeadLetterBytes, long Accepted, long[] RejectedByReason, long StreamMaxTicks)
{
    private const byte Version = 1;

    public byte[] ToBytes()
    {
        var bytes = new byte[1 + 4 + 8 * 5 + 8 * RejectedByReason.Length];
        bytes[0] = Version;
        var s = bytes.AsSpan(1);
        BinaryPrimitives.WriteInt32LittleEndian(s, End.InputIndex);
        BinaryPrimitives.WriteInt64LittleEndian(s[4..], End.Line);
        BinaryPrimitives.WriteInt64LittleEndian(s[12..], DeadLetterBytes);
        BinaryPrimitives.WriteInt64LittleEndian(s[20..], Accepted);
        BinaryPrimitives.WriteInt64LittleEndian(s[28..], StreamMaxTicks);
        BinaryPrimitives.WriteInt64LittleEndian(s[36..], RejectedByReason.Length);
        for (int i = 0; i < RejectedByReason.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(s[(44 + 8 * i)..], RejectedByReason[i]);
        return bytes;
    }

    public static IngestPosition FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 45 || bytes[0] != Version)
            throw new LogFormatException($"ingest position has format version {(bytes.IsEmpty ? 0 : bytes[0])}; this build reads version {Version} only");
        var s = bytes[1..];
        var rejected = new long[RejectReasons.ArrayLength];
        long stored = BinaryPrimitives.ReadInt64LittleEndian(s[36..]);
        if (stored > rejected.Length || s.Length < 44 + 8 * stored)
            throw new LogFormatException("ingest position is damaged");
        for (int i = 0; i < stored; i++)
            rejected[i] = BinaryPrimitives.ReadInt64LittleEndian(s[(44 + 8 * i)..]);
        return new IngestPosition(
            new ResumePoint(BinaryPrimitives.ReadInt32LittleEndian(s), BinaryPrimitives.ReadInt64LittleEndian(s[4..])),
            BinaryPrimitives.ReadInt64LittleEndian(s[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[20..]),
            rejected,
            BinaryPrimitives.ReadInt64LittleEndian(s[28..]));
    }
}
