using ShopStream.Core.Ingest;

namespace ShopStream.Core.Checkpoints;

/// <summary>
/// One checkpoint of a run: where in the input it stands, what the reader has counted, how long the dead-letter
/// file was, and the state of the router and of every partition, all as of the same point in the stream.
/// </summary>
public sealed class RunCheckpoint
{
    /// <summary>1, 2, ... in the order the run wrote them.</summary>
    public required long Sequence { get; init; }

    /// <summary>What the run was (inputs, format, options): a checkpoint only resumes the same run.</summary>
    public required string RunKey { get; init; }

    /// <summary>The last record covered: reading resumes after it.</summary>
    public required ResumePoint Position { get; init; }

    public required long Accepted { get; init; }

    /// <summary>Rejections by <see cref="Validation.RejectReason"/>.</summary>
    public required long[] RejectedByReason { get; init; }

    /// <summary>The dead-letter file's length at this point: a resumed run cuts it back to this.</summary>
    public required long DeadLetterBytes { get; init; }

    /// <summary>The router's state, where it lies in the checkpoint file read (<see cref="Decode"/>).</summary>
    internal StateExtent RouterState { get; init; }

    /// <summary>Each partition's state, where it lies in the checkpoint file read (<see cref="Decode"/>).</summary>
    internal StateExtent[] PartitionStates { get; init; } = [];

    /// <summary>The router's state as a run writes it (<see cref="Encode"/>), in a temporary file, as the partitions' are.</summary>
    internal SpooledState? SpooledRouterState { get; init; }

    /// <summary>Each partition's state as a run writes it (<see cref="Encode"/>), in temporary files, not memory: they can be large.</summary>
    internal SpooledState[] SpooledPartitionStates { get; init; } = [];

    /// <summary>Records read and covered by this checkpoint.</summary>
    public long Read => Accepted + RejectedByReason.Sum();

    private const string Kind = "run";

    internal void Encode(Stream output) => CheckpointFile.Encode(output, Kind, w =>
    {
        w.Write(Sequence);
        w.WriteString(RunKey);
        w.Write(Position.InputIndex);
        w.Write(Position.Line);
        w.Write(Accepted);
        w.Write(RejectedByReason.Length);
        foreach (long n in RejectedByReason)
            w.Write(n);
        w.Write(DeadLetterBytes);
        if (SpooledRouterState is null)
            throw new InvalidOperationException("a run checkpoint is written from spooled states");
        SpooledRouterState.WriteTo(w);
        w.Write(SpooledPartitionStates.Length);
        foreach (var state in SpooledPartitionStates)
            state.WriteTo(w);
    });

    internal static RunCheckpoint Decode(string path) => CheckpointFile.Decode(path, Kind, r =>
    {
        long sequence = r.ReadLong();
        string runKey = r.ReadString() ?? "";
        var position = new ResumePoint(r.ReadInt(), r.ReadLong());
        long accepted = r.ReadLong();
        var rejected = new long[r.ReadCount()];
        for (int i = 0; i < rejected.Length; i++)
            rejected[i] = r.ReadLong();
        long deadLetters = r.ReadLong();
        var router = StateExtent.Skip(r, path);
        var partitions = new StateExtent[r.ReadCount()];
        for (int p = 0; p < partitions.Length; p++)
            partitions[p] = StateExtent.Skip(r, path);
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
    });
}
