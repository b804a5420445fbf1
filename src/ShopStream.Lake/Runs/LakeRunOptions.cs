using ShopStream.Core.Processing;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>How a run lands its data in the lake.</summary>
public sealed record LakeRunOptions
{
    /// <summary>The run's ingest time, stamped on every bronze row.</summary>
    public DateTime IngestedAt { get; init; } = DateTime.UtcNow;

    /// <summary>A local folder for silver's spool (each row's user and time) and, for an S3 lake, Parquet files before upload; removed at the end.</summary>
    public required string StagingFolder { get; init; }

    /// <summary>Events per bronze Parquet file (at least: a file ends with a whole row group; row groups are at most this large).</summary>
    public int RowsPerFile { get; init; } = 1 << 18;

    /// <summary>
    /// How the run's Parquet files are laid out: row groups of 32,768 rows, zstd level -7 with literals Huffman-coded.
    /// The run fills and encodes a few row groups of every event column at once (<see cref="SilverSpool"/>), about
    /// 8.5 MB each at this size, and each buffer's memory is touched for the first time as it first fills: page
    /// faults and zeroing are much of the lake's kernel time. 12 alternating 1M rounds against 65,536 rows: wall 0.93,
    /// CPU 0.94, files 0.4% larger; 16,384 rows took 3% more wall time than 32,768.
    /// </summary>
    public ParquetWriteOptions Parquet { get; init; } = new() { RowGroupRows = 1 << 15 };

    /// <summary>
    /// Reader batches that may wait for the writer thread (each a copy of up to a batch of events, about 650 KB at 4,096
    /// events) before the reader waits. Few: the blocks then stay in the caches between the reader's copy and the
    /// writer's read. 1M events, six alternating rounds: 3 blocks 5.50 s of CPU (median), 8 blocks 5.9 s, 16 blocks
    /// 6.1 s; seven rounds of 8 against 64: 5.54 s against 6.12 s, wall 3.17 s against 3.46 s.
    /// </summary>
    public int QueueBlocks { get; init; } = 4;

    /// <summary>
    /// The run's input size in bytes, if known (a hint): the set of fingerprints that keeps duplicates out of silver
    /// is made large enough at once for an event every 160 bytes (a REES46 line is about 135; longer lines, or a
    /// compressed input, mean fewer events than that), so it is not grown (rehashed, its arrays faulted in again) as
    /// the run reads.
    /// </summary>
    public long? InputBytes { get; init; }

    /// <summary>The run's dedup horizon (<see cref="PipelineOptions.DedupHorizon"/>): silver leaves out the duplicates the run counts, and only those.</summary>
    public TimeSpan DedupHorizon { get; init; } = new PipelineOptions().DedupHorizon;

    /// <summary>The run's allowed disorder (<see cref="PipelineOptions.AllowedDisorder"/>): the watermark, with which the horizon is measured, trails the latest event time by it.</summary>
    public TimeSpan AllowedDisorder { get; init; } = new PipelineOptions().AllowedDisorder;
}
