namespace ShopStream.Lake.Parquet;

/// <summary>How <see cref="ParquetFileWriter"/> lays out and compresses a file.</summary>
public sealed record ParquetWriteOptions
{
    /// <summary>Rows per row group: DuckDB's default (122,880), so readers skip and parallelize as they do on DuckDB's files.</summary>
    public int RowGroupRows { get; init; } = 122_880;

    /// <summary>zstd level (1 is what the lake used with DuckDB's writer).</summary>
    public int CompressionLevel { get; init; } = 1;

    /// <summary>A string column chunk stops dictionary encoding (and writes PLAIN) past this many distinct values...</summary>
    public int DictionaryMaxEntries { get; init; } = 1 << 15;

    /// <summary>... or past this many bytes of distinct values.</summary>
    public int DictionaryMaxBytes { get; init; } = 1 << 20;
}
