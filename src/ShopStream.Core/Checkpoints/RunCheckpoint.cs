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

    internal byte[] RouterState { get; init; } = [];

    internal byte[][] PartitionStates { get; init; } = [];

    /// <summary>Records read and covered by this checkpoint.</summary>
    public long Read => Accepted + RejectedByReason.Sum();
}
