using System.Buffers.Binary;
using ShopStream.Core.Ingest;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Log;

/// <summary>
/// The source position stored with every batch an ingest appends: where in the inputs the batch ends, how long
/// the dead-letter file was then, the counters so far, the stream's max event time (for watermarks on replay), and
/// which input the batch ends in (<paramref name="Input"/>: so a later ingest resumes only over the same inputs).
/// Versioned: a position written by a newer format is refused, never misread; one of version 1 has no input, one of
/// version 2 no input format.
/// </summary>
public sealed record IngestPosition(ResumePoint End, long DeadLetterBytes, long Accepted, long[] RejectedByReason, long StreamMaxTicks, InputIdentity? Input = null)
{
    private const byte Version = 3;
    private const byte VersionWithoutFormat = 2;
    private const byte VersionWithoutInput = 1;

    public byte[] ToBytes()
    {
        byte[] name = Input is { } input ? System.Text.Encoding.UTF8.GetBytes(input.Name) : [];
        int fixedLength = 1 + 4 + 8 * 5 + 8 * RejectedByReason.Length;
        var bytes = new byte[fixedLength + (Input is null ? 0 : 1 + 4 + 4 + name.Length + 1)];
        bytes[0] = Input is null ? VersionWithoutInput : Version;
        var s = bytes.AsSpan(1);
        BinaryPrimitives.WriteInt32LittleEndian(s, End.InputIndex);
        BinaryPrimitives.WriteInt64LittleEndian(s[4..], End.Line);
        BinaryPrimitives.WriteInt64LittleEndian(s[12..], DeadLetterBytes);
        BinaryPrimitives.WriteInt64LittleEndian(s[20..], Accepted);
        BinaryPrimitives.WriteInt64LittleEndian(s[28..], StreamMaxTicks);
        BinaryPrimitives.WriteInt64LittleEndian(s[36..], RejectedByReason.Length);
        for (int i = 0; i < RejectedByReason.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(s[(44 + 8 * i)..], RejectedByReason[i]);
        if (Input is { } identity)
        {
            var tail = bytes.AsSpan(fixedLength);
            tail[0] = identity.Head is null ? (byte)0 : (byte)1;
            BinaryPrimitives.WriteUInt32LittleEndian(tail[1..], identity.Head ?? 0);
            BinaryPrimitives.WriteInt32LittleEndian(tail[5..], name.Length);
            name.CopyTo(tail[9..]);
            tail[9 + name.Length] = identity.Format is { } format ? (byte)((int)format + 1) : (byte)0;
        }

        return bytes;
    }

    public static IngestPosition FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 45 || bytes[0] is not (Version or VersionWithoutFormat or VersionWithoutInput))
            throw new LogFormatException($"ingest position has format version {(bytes.IsEmpty ? 0 : bytes[0])}; this build reads versions {VersionWithoutInput} to {Version} only");
        var s = bytes[1..];
        var rejected = new long[RejectReasons.ArrayLength];
        long stored = BinaryPrimitives.ReadInt64LittleEndian(s[36..]);
        if (stored > rejected.Length || s.Length < 44 + 8 * stored)
            throw new LogFormatException("ingest position is damaged");
        for (int i = 0; i < stored; i++)
            rejected[i] = BinaryPrimitives.ReadInt64LittleEndian(s[(44 + 8 * i)..]);
        InputIdentity? input = null;
        if (bytes[0] != VersionWithoutInput)
        {
            var tail = s[(int)(44 + 8 * stored)..];
            int formatBytes = bytes[0] == Version ? 1 : 0;
            int nameLength = tail.Length >= 9 ? BinaryPrimitives.ReadInt32LittleEndian(tail[5..]) : -1;
            if (nameLength < 0 || tail.Length < 9 + nameLength + formatBytes)
                throw new LogFormatException("ingest position is damaged");
            uint head = BinaryPrimitives.ReadUInt32LittleEndian(tail[1..]);
            int format = formatBytes == 1 ? tail[9 + nameLength] : 0;
            if (format > Enum.GetValues<InputFormat>().Length)
                throw new LogFormatException("ingest position is damaged");
            input = new InputIdentity(
                System.Text.Encoding.UTF8.GetString(tail.Slice(9, nameLength)), tail[0] == 1 ? head : null, format == 0 ? null : (InputFormat)(format - 1));
        }

        return new IngestPosition(
            new ResumePoint(BinaryPrimitives.ReadInt32LittleEndian(s), BinaryPrimitives.ReadInt64LittleEndian(s[4..])),
            BinaryPrimitives.ReadInt64LittleEndian(s[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[20..]),
            rejected,
            BinaryPrimitives.ReadInt64LittleEndian(s[28..]),
            input);
    }
}
