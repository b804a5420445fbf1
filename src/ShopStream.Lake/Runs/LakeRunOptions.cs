namespace ShopStream.Lake.Runs;

/// <summary>How a run lands its data in the lake.</summary>
public sealed record LakeRunOptions
{
    /// <summary>The run's ingest time, stamped on every bronze row.</summary>
    public DateTime IngestedAt { get; init; } = DateTime.UtcNow;

    /// <summary>A local folder for DuckDB's spill files and, for an S3 lake, Parquet files before upload; removed at the end.</summary>
    public required string StagingFolder { get; init; }

    /// <summary>DuckDB threads (default: the machine's cores).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
