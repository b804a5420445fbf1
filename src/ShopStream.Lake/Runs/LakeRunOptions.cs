using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>How a run lands its data in the lake.</summary>
public sealed record LakeRunOptions
{
    /// <summary>The run's ingest time, stamped on every bronze row.</summary>
    public DateTime IngestedAt { get; init; } = DateTime.UtcNow;

    /// <summary>A local folder for silver's spool, DuckDB's spill files and, for an S3 lake, Parquet files before upload; removed at the end.</summary>
    public required string StagingFolder { get; init; }

    /// <summary>
    /// DuckDB's threads (it writes only quarantine now, from the dead-letter file). Default 1: each query also runs on
    /// the thread that issued it, and a background worker more cost CPU when DuckDB wrote the whole lake (1M, three
    /// alternating pairs under load: 10.2, 12.2, 12.9 s against 11.6, 13.3, 15.6 s with 2).
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>DuckDB's memory limit (quarantine's copy); past it DuckDB spills to the staging folder.</summary>
    public string MemoryLimit { get; init; } = "1GB";

    /// <summary>Events per bronze Parquet file (at least: a file ends with a whole row group; row groups are at most this large).</summary>
    public int RowsPerFile { get; init; } = 1 << 18;

    /// <summary>How the run's Parquet files are laid out: row groups of 122,880 rows, zstd level -3 with literals Huffman-coded.</summary>
    public ParquetWriteOptions Parquet { get; init; } = new();

    /// <summary>Reader batches that may wait for the writer thread (each a copy of up to a batch of events) before the reader waits.</summary>
    public int QueueBlocks { get; init; } = 64;
}
