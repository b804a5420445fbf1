namespace ShopStream.Lake.Parquet;

/// <summary>How <see cref="ParquetFileWriter"/> lays out and compresses a file.</summary>
public sealed record ParquetWriteOptions
{
    /// <summary>Rows per row group: DuckDB's default (122,880), so readers skip and parallelize as they do on DuckDB's files.</summary>
    public int RowGroupRows { get; init; } = 122_880;

    /// <summary>zstd level: -7, a fast level, with literals still Huffman-coded (<see cref="Zstd"/>): hex and UUID text compresses about as at level 1 (1.9-2 times against 2-2.1) at 1.3-2 times the speed.</summary>
    public int CompressionLevel { get; init; } = -7;

    /// <summary>
    /// A string column chunk stops dictionary encoding (and writes PLAIN) past this many distinct values: by default
    /// more than a default row group, so a chunk whose values repeat keeps its dictionary however many there are; one
    /// of nearly all distinct values (ids) stops early on its own (<see cref="StringColumnBuffer.ProbeValues"/>).
    /// </summary>
    public int DictionaryMaxEntries { get; init; } = 1 << 17;

    /// <summary>... or past this many bytes of distinct values.</summary>
    public int DictionaryMaxBytes { get; init; } = 1 << 22;
}
