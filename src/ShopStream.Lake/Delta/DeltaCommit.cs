namespace ShopStream.Lake.Delta;

/// <summary>
/// One version of a table: the actions of log file <c>_delta_log/NNNNNNNNNNNNNNNNNNNN.json</c>. <see cref="Protocol"/>
/// is set in the first commit (readerVersion 1, writerVersion 2); <see cref="Metadata"/> when the schema is set or changes.
/// </summary>
public sealed record DeltaCommit(
    long Version,
    long Timestamp,
    string Operation,
    IReadOnlyDictionary<string, string> OperationParameters,
    bool Protocol,
    DeltaMetadata? Metadata,
    IReadOnlyList<DeltaAddFile> Adds,
    IReadOnlyList<DeltaRemoveFile> Removes);
