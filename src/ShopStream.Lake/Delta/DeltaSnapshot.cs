namespace ShopStream.Lake.Delta;

/// <summary>A table as of one version: its metadata and the data files live at that version (adds not removed since).</summary>
public sealed record DeltaSnapshot(long Version, long Timestamp, DeltaMetadata Metadata, IReadOnlyList<DeltaAddFile> Files)
{
    public long NumRecords => Files.Sum(f => f.NumRecords);
}
