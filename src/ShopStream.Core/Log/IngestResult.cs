using ShopStream.Core.Ingest;

namespace ShopStream.Core.Log;

/// <summary>What an ingest did. Counts are totals over the whole input, including what an interrupted run did before.</summary>
public sealed record IngestResult(long Read, long Accepted, long Rejected, long Appended, ResumePoint? ResumedAfter);
