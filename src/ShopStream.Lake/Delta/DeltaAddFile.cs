namespace ShopStream.Lake.Delta;

/// <summary>An <c>add</c> action: a data file (path relative to the table) that is part of the table from this commit on.</summary>
public sealed record DeltaAddFile(
    string Path,
    IReadOnlyDictionary<string, string?> PartitionValues,
    long Size,
    long ModificationTime,
    long NumRecords,
    bool DataChange = true);
