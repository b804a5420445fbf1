namespace ShopStream.Lake.Parquet;

/// <summary>A Parquet file written: where, its rows and its size in bytes (what a Delta add action records).</summary>
public sealed record ParquetFileSummary(string Path, long Rows, long Bytes);
