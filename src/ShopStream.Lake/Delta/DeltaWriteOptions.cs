namespace ShopStream.Lake.Delta;

/// <summary>What a <see cref="DeltaTableWriter"/> writes: the schema, partition columns, mode and Parquet settings.</summary>
public sealed record DeltaWriteOptions
{
    public required DeltaSchema Schema { get; init; }

    /// <summary>Columns whose values name the files' folders (<c>event_date=2019-10-01/</c>); not stored in the files.</summary>
    public IReadOnlyList<string> PartitionColumns { get; init; } = [];

    public DeltaWriteMode Mode { get; init; } = DeltaWriteMode.Overwrite;

    /// <summary>The commit's operation name in the log and in <c>lake history</c>.</summary>
    public string Operation { get; init; } = "WRITE";

    /// <summary>Parquet compression: <c>zstd</c> (default) or <c>snappy</c>.</summary>
    public string Compression { get; init; } = "zstd";

    /// <summary>
    /// The table version the rows were computed from (-1: the table did not exist), for an overwrite whose rows depend
    /// on what was there (a model, after deciding its rows should replace that version): it commits right after it,
    /// or fails with <see cref="DeltaConflictException"/> when another writer committed since. Null: after the latest.
    /// </summary>
    public long? ReadVersion { get; init; }

    /// <summary>The commit's <c>userMetadata</c> (the writer's own note in commitInfo), if any.</summary>
    public string? UserMetadata { get; init; }

    /// <summary>Zstandard level (1 fastest .. 22 smallest); DuckDB's default (3) when null.</summary>
    public int? CompressionLevel { get; init; } = 1;
}
