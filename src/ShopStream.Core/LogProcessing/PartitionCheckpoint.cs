using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.LogProcessing;

/// <summary>
/// One log partition's checkpoint: its operator state as of <see cref="Offset"/> (the next record to read), the
/// late events it dropped, and its dead-letter file's length then. Partitions checkpoint independently, so a
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
        State = StateExtent.Skip(r, path),
    });

    /// <summary>The run and offset of the checkpoint at <paramref name="path"/>, from its head alone (<see cref="CheckpointFile.Peek"/>).</summary>
    public static (string RunKey, long Offset) PeekPosition(string path) => CheckpointFile.Peek(path, Kind, r =>
    {
        r.ReadLong(); // sequence
        string runKey = r.ReadString() ?? "";
        r.ReadInt(); // partition
        return (runKey, r.ReadLong());
    });
}
