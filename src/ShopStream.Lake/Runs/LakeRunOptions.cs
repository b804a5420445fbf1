using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>How a run lands its data in the lake.</summary>
public sealed record LakeRunOptions
{
    /// <summary>The run's ingest time, stamped on every bronze row.</summary>
    public DateTime IngestedAt { get; init; } = DateTime.UtcNow;

    /// <summary>A local folder for silver's spool and, for an S3 lake, Parquet files before upload; removed at the end.</summary>
    public required string StagingFolder { get; init; }

    /// <summary>Events per bronze Parquet file (at least: a file ends with a whole row group; row groups are at most this large).</summary>
    public int RowsPerFile { get; init; } = 1 << 18;

    /// <summary>How the run's Parquet files are laid out: row groups of 122,880 rows, zstd level -7 with literals Huffman-coded.</summary>
    public ParquetWriteOptions Parquet { get; init; } = new();

    /// <summary>Reader batches that may wait for the writer thread (each a copy of up to a batch of events) before the reader waits.</summary>
    public int QueueBlocks { get; init; } = 64;
}
