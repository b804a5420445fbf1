using System.Buffers.Binary;
using ShopStream.Core.Ingest;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Log;

/// <summary>
/// The source position stored with every batch an ingest appends: where in the inputs the batch ends, how long
/// the dead-letter file was then, the counters so far, the stream's max event time (for watermarks on replay), and
/// which input the batch ends in (<paramref name="Input"/>: so a later ingest resumes only over the same inputs).
/// Counters, dead letters and the max event time run on across <see cref="Epoch"/>s: an ingest of new inputs after
/// one that finished (<see cref="FinishedIn"/>) starts the next epoch, whose places start again at its first input.
/// Versioned: a position written by a newer format is refused, never misread; one of version 1 has no input, one of
/// version 2 no input format, one of version 3 no epoch (0) and no finish mark.
/// </summary>
public sealed record IngestPosition(ResumePoint End, long DeadLetterBytes, long Accepted, long[] RejectedByReason, long StreamMaxTicks, InputIdentity? Input = null)
    : IComparable<IngestPosition>
{
    private const byte Version = 4;
    private const byte VersionWithoutEpoch = 3;
    private const byte VersionWithoutFormat = 2;
    private const byte VersionWithoutInput = 1;

    /// <summary>Which ingest of new inputs into the log this is: 0 for the first, one more for each after a finished one.</summary>
    public int Epoch { get; init; }

    /// <summary>
    /// Where the log stood when <see cref="Epoch"/> began (none for epoch 0): a resume from the epoch's start goes back
    /// to it. Only its dead-letter length, counters and max event time are stored.
    /// </summary>
    public IngestPosition? EpochStart { get; init; }

    /// <summary>
    /// Set on the last block of an ingest that read its inputs to the end: the partitions it appended events to.
    /// Once each of them holds this position, the ingest finished, and other inputs may follow it.
    /// </summary>
    public int[]? FinishedIn { get; init; }

    /// <summary>
    /// A checksum of the identities of the epoch's inputs up to and including the one this position ends in: a
    /// folder whose earlier files changed (one added before it, or removed) is not the same inputs, though its file
    /// of this number is.
    /// </summary>
    public uint? InputsDigest { get; init; }

    /// <summary>Whether this position was written by a build that marks finished ingests (so a missing mark means an unfinished one).</summary>
    public bool MarksFinish { get; init; } = true;

    /// <summary>Where this position is in the log's ingests: by epoch, then by place in the epoch's inputs (none: before all).</summary>
    public int CompareTo(IngestPosition? other) =>
        other is null ? 1 : Epoch != other.Epoch ? Epoch.CompareTo(other.Epoch) : End.CompareTo(other.End);

    /// <summary>Whether this is the same place as <paramref name="other"/> (the same epoch and end).</summary>
    public bool SamePlace(IngestPosition? other) => other is not null && CompareTo(other) == 0;

    public byte[] ToBytes()
    {
        if (Input is null)
        {
            if (Epoch != 0 || FinishedIn is not null)
                throw new InvalidOperationException("an epoch or a finish mark needs the input's identity");
            return Core(null);
        }

        using var bytes = new MemoryStream();
        bytes.Write(Core(Input));
        var word = new byte[8];
        void Int(int v) { BinaryPrimitives.WriteInt32LittleEndian(word, v); bytes.Write(word, 0, 4); }
        void Long(long v) { BinaryPrimitives.WriteInt64LittleEndian(word, v); bytes.Write(word, 0, 8); }
        Int(Epoch);
        bytes.WriteByte((byte)((EpochStart is null ? 0 : 1) | (FinishedIn is null ? 0 : 2) | (InputsDigest is null ? 0 : 4) | (Input.HeadLength is null ? 0 : 8)));
        if (EpochStart is { } start)
        {
            Long(start.DeadLetterBytes);
            Long(start.Accepted);
            Long(start.StreamMaxTicks);
            Int(start.RejectedByReason.Length);
            foreach (long n in start.RejectedByReason)
                Long(n);
        }

        if (FinishedIn is { } partitions)
        {
            Int(partitions.Length);
            foreach (int p in partitions)
                Int(p);
        }

        if (InputsDigest is { } digest)
            Int(unchecked((int)digest));
        if (Input.HeadLength is { } headLength)
            Int(headLength);
        return bytes.ToArray();
    }

    // Versions 1 to 3's fields, marked as version 4 when there is an input (the epoch fields follow).
    private byte[] Core(InputIdentity? input)
    {
        byte[] name = input is null ? [] : System.Text.Encoding.UTF8.GetBytes(input.Name);
        int fixedLength = 1 + 4 + 8 * 5 + 8 * RejectedByReason.Length;
        var bytes = new byte[fixedLength + (input is null ? 0 : 1 + 4 + 4 + name.Length + 1)];
        bytes[0] = input is null ? VersionWithoutInput : Version;
        var s = bytes.AsSpan(1);
        BinaryPrimitives.WriteInt32LittleEndian(s, End.InputIndex);
        BinaryPrimitives.WriteInt64LittleEndian(s[4..], End.Line);
        BinaryPrimitives.WriteInt64LittleEndian(s[12..], DeadLetterBytes);
        BinaryPrimitives.WriteInt64LittleEndian(s[20..], Accepted);
        BinaryPrimitives.WriteInt64LittleEndian(s[28..], StreamMaxTicks);
        BinaryPrimitives.WriteInt64LittleEndian(s[36..], RejectedByReason.Length);
        for (int i = 0; i < RejectedByReason.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(s[(44 + 8 * i)..], RejectedByReason[i]);
        if (input is { } identity)
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
        if (bytes.Length < 45 || bytes[0] is not (Version or VersionWithoutEpoch or VersionWithoutFormat or VersionWithoutInput))
            throw new LogFormatException($"ingest position has format version {(bytes.IsEmpty ? 0 : bytes[0])}; this build reads versions {VersionWithoutInput} to {Version} only");
        var s = bytes[1..];
        var rejected = new long[RejectReasons.ArrayLength];
        long stored = BinaryPrimitives.ReadInt64LittleEndian(s[36..]);
        if (stored > rejected.Length || s.Length < 44 + 8 * stored)
            throw new LogFormatException("ingest position is damaged");
        for (int i = 0; i < stored; i++)
            rejected[i] = BinaryPrimitives.ReadInt64LittleEndian(s[(44 + 8 * i)..]);
        InputIdentity? input = null;
        ReadOnlySpan<byte> rest = [];
        if (bytes[0] != VersionWithoutInput)
        {
            var tail = s[(int)(44 + 8 * stored)..];
            int formatBytes = bytes[0] >= VersionWithoutEpoch ? 1 : 0;
            int nameLength = tail.Length >= 9 ? BinaryPrimitives.ReadInt32LittleEndian(tail[5..]) : -1;
            if (nameLength < 0 || tail.Length < 9 + nameLength + formatBytes)
                throw new LogFormatException("ingest position is damaged");
            uint head = BinaryPrimitives.ReadUInt32LittleEndian(tail[1..]);
            int format = formatBytes == 1 ? tail[9 + nameLength] : 0;
            if (format > Enum.GetValues<InputFormat>().Length)
                throw new LogFormatException("ingest position is damaged");
            input = new InputIdentity(
                System.Text.Encoding.UTF8.GetString(tail.Slice(9, nameLength)), tail[0] == 1 ? head : null, format == 0 ? null : (InputFormat)(format - 1));
            rest = tail[(9 + nameLength + formatBytes)..];
        }

        var position = new IngestPosition(
            new ResumePoint(BinaryPrimitives.ReadInt32LittleEndian(s), BinaryPrimitives.ReadInt64LittleEndian(s[4..])),
            BinaryPrimitives.ReadInt64LittleEndian(s[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[20..]),
            rejected,
            BinaryPrimitives.ReadInt64LittleEndian(s[28..]),
            input);
        return bytes[0] == Version ? WithEpoch(position, rest) : position with { MarksFinish = false };
    }

    // Version 4's tail: the epoch, its start and the finish mark.
    private static IngestPosition WithEpoch(IngestPosition position, ReadOnlySpan<byte> rest)
    {
        int at = 0;
        int Int(ReadOnlySpan<byte> r)
        {
            if (r.Length < at + 4)
                throw new LogFormatException("ingest position is damaged");
            at += 4;
            return BinaryPrimitives.ReadInt32LittleEndian(r[(at - 4)..]);
        }

        long Long(ReadOnlySpan<byte> r)
        {
            if (r.Length < at + 8)
                throw new LogFormatException("ingest position is damaged");
            at += 8;
            return BinaryPrimitives.ReadInt64LittleEndian(r[(at - 8)..]);
        }

        int epoch = Int(rest);
        if (rest.Length < at + 1 || epoch < 0)
            throw new LogFormatException("ingest position is damaged");
        byte flags = rest[at++];
        IngestPosition? start = null;
        if ((flags & 1) != 0)
        {
            long deadLetters = Long(rest), accepted = Long(rest), streamMax = Long(rest);
            int count = Int(rest);
            if (count < 0 || count > RejectReasons.ArrayLength)
                throw new LogFormatException("ingest position is damaged");
            var rejected = new long[RejectReasons.ArrayLength];
            for (int i = 0; i < count; i++)
                rejected[i] = Long(rest);
            start = new IngestPosition(default, deadLetters, accepted, rejected, streamMax);
        }

        int[]? finished = null;
        if ((flags & 2) != 0)
        {
            int count = Int(rest);
            if (count < 0 || count > rest.Length / 4)
                throw new LogFormatException("ingest position is damaged");
            finished = new int[count];
            for (int i = 0; i < count; i++)
                finished[i] = Int(rest);
        }

        uint? digest = (flags & 4) != 0 ? unchecked((uint)Int(rest)) : null;
        var input = (flags & 8) != 0 && position.Input is { } named ? named with { HeadLength = Int(rest) } : position.Input;
        return position with { Epoch = epoch, EpochStart = start, FinishedIn = finished, InputsDigest = digest, Input = input };
    }
}
