namespace ShopStream.Lake.Runs;

/// <summary>How a run lands its data in the lake.</summary>
public sealed record LakeRunOptions
{
    /// <summary>The run's ingest time, stamped on every bronze row.</summary>
    public DateTime IngestedAt { get; init; } = DateTime.UtcNow;

    /// <summary>A local folder for DuckDB's spill files and, for an S3 lake, Parquet files before upload; removed at the end.</summary>
    public required string StagingFolder { get; init; }

    /// <summary>
    /// DuckDB's threads. Default 1: each query also runs on the thread that issued it, and the writer's work is already
    /// spread over its own threads (bronze beside the run, then two silver and gold connections at once); a background
    /// worker more cost CPU (1M, three alternating pairs under load: 10.2, 12.2, 12.9 s against 11.6, 13.3, 15.6 s with 2).
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// DuckDB's memory limit (gold's staged tables, silver's joins, the Parquet writers' row groups); past it DuckDB
    /// spills to the staging folder. 1 GB: with 512 MB, two silver and gold COPYs at once ran out of it at 5M events
    /// ("failed to pin block", memory that cannot be spilled).
    /// </summary>
    public string MemoryLimit { get; init; } = "1GB";

    /// <summary>Events per bronze Parquet file: the writer stages this many in DuckDB, then writes them out.</summary>
    public int RowsPerFile { get; init; } = 1 << 18;

    /// <summary>Reader batches that may wait for the writer thread (each a copy of up to a batch of events) before the reader waits.</summary>
    public int QueueBlocks { get; init; } = 64;
}
