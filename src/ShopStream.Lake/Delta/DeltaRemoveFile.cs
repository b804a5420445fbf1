namespace ShopStream.Lake.Delta;

/// <summary>A <c>remove</c> action: a data file no longer part of the table (kept on disk until vacuumed, for time travel).</summary>
public sealed record DeltaRemoveFile(string Path, long DeletionTimestamp, bool DataChange = true, long? Size = null);
