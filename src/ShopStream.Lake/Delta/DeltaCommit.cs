namespace ShopStream.Lake.Delta;

/// <summary>
/// One version of a table: the actions of log file <c>_delta_log/NNNNNNNNNNNNNNNNNNNN.json</c>. <see cref="Protocol"/>
/// is set in the first commit (readerVersion 1, writerVersion 2); <see cref="Metadata"/> when the schema is set or changes.
/// <see cref="UserMetadata"/> is commitInfo's free text for the writer's own use (Delta readers show it in a table's
/// history): a run's last commit records there the versions of the run's tables (<see cref="Tables.LakeCut"/>).
/// </summary>
public sealed record DeltaCommit(
    long Version,
    long Timestamp,
    string Operation,
    IReadOnlyDictionary<string, string> OperationParameters,
    bool Protocol,
    DeltaMetadata? Metadata,
    IReadOnlyList<DeltaAddFile> Adds,
    IReadOnlyList<DeltaRemoveFile> Removes,
    string? UserMetadata = null)
{
    /// <summary>True for a commit that changes no row (a compaction's: files added and removed, each with <c>dataChange</c> false, no new schema).</summary>
    public bool KeepsData => Metadata is null && Adds.Count + Removes.Count > 0 && Adds.All(a => !a.DataChange) && Removes.All(r => !r.DataChange);
}
