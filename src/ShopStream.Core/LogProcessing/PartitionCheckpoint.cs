using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.LogProcessing;

/// <summary>
/// One log partition's checkpoint: its operator state as of <see cref="Offset"/> (the next record to read), the
/// late events it dropped, its dead-letter file's length then, and the records before it that were refused as not
/// events (by reason). Partitions checkpoint independently, so a
/// partition can move to another processor instance with its state.
/// </summary>
internal sealed class PartitionCheckpoint
{
    private const string Kind = "log-partition";

    public required long Sequence { get; init; }

    public required string RunKey { get; init; }

    public required int Partition { get; init; }

    public required long Offset { get; init; }

    public required long LateDropped { get; init; }

    public required long DeadLetterBytes { get; init; }

    /// <summary>Records the reader refused (another producer's, dead-lettered), indexed by <see cref="Validation.RejectReason"/>.</summary>
    public required long[] RefusedByReason { get; init; }

    /// <summary>The state, where it lies in the checkpoint file read (<see cref="Decode"/>).</summary>
    public StateExtent State { get; init; }

    /// <summary>The state as a partition writes it (<see cref="Encode"/>): in a temporary file, not memory, as a
    /// run's partitions do (see <see cref="SpooledState"/>).</summary>
    public SpooledState? SpooledState { get; init; }

    public void Encode(Stream output) => CheckpointFile.Encode(output, Kind, w =>
    {
        w.Write(Sequence);
        w.WriteString(RunKey);
        w.Write(Partition);
        w.Write(Offset);
        w.Write(LateDropped);
        w.Write(DeadLetterBytes);
        w.Write(RefusedByReason.Length);
        foreach (long n in RefusedByReason)
            w.Write(n);
        if (SpooledState is null)
            throw new InvalidOperationException("a partition checkpoint is written from its spooled state");
        SpooledState.WriteTo(w);
    });

    public static PartitionCheckpoint Decode(string path) => CheckpointFile.Decode(path, Kind, r => new PartitionCheckpoint
    {
        Sequence = r.ReadLong(),
        RunKey = r.ReadString() ?? "",
        Partition = r.ReadInt(),
        Offset = r.ReadLong(),
        LateDropped = r.ReadLong(),
        DeadLetterBytes = r.ReadLong(),
        RefusedByReason = ReadCounts(r),
        State = StateExtent.Skip(r, path),
    });

    // As many counts as the writer's build knew reasons, into this build's array (a reason is never renumbered).
    private static long[] ReadCounts(StateReader r)
    {
        int written = r.ReadInt();
        if (written is < 0 or > 64)
            throw new CheckpointException($"a partition checkpoint's refused-records counts are damaged ({written} reasons)");
        var counts = new long[Validation.RejectReasons.ArrayLength];
        for (int i = 0; i < written; i++)
        {
            long n = r.ReadLong();
            if (i < counts.Length)
                counts[i] = n;
        }

        return counts;
    }

    /// <summary>The run and offset of the checkpoint at <paramref name="path"/>, from its head alone (<see cref="CheckpointFile.Peek"/>).</summary>
    public static (string RunKey, long Offset) PeekPosition(string path) => CheckpointFile.Peek(path, Kind, r =>
    {
        r.ReadLong(); // sequence
        string runKey = r.ReadString() ?? "";
        r.ReadInt(); // partition
        return (runKey, r.ReadLong());
    });
}
