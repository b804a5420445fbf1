using ShopStream.Core.Ingest;

namespace ShopStream.Core.Log;

/// <summary>
/// What an ingest did. Counts are totals over this ingest's inputs, including what an interrupted run over them did
/// before (not those of earlier ingests into the log).
/// </summary>
public sealed record IngestResult(long Read, long Accepted, long Rejected, long Appended, ResumePoint? ResumedAfter)
{
    /// <summary>The inputs were new ones, appended after a finished ingest (they began <see cref="Epoch"/>).</summary>
    public bool NewInputs { get; init; }

    /// <summary>Which ingest of new inputs into the log this was (0: the first).</summary>
    public int Epoch { get; init; }

    /// <summary>
    /// Dead letters cut from the file's end before reading, as the log's last block left it: written after that block by
    /// an ingest killed before appending the events they came with (read again now), or, on Kafka, by an ingest whose
    /// every record was rejected (which publishes nothing to remember it by).
    /// </summary>
    public long DeadLettersCut { get; init; }

    /// <summary>The last input's last line was held back (no line break after it yet): it is not in the log, and the warnings say so.</summary>
    public bool HeldLine { get; init; }

    /// <summary>What the command should say of the input's framing (a quote left open, CR-only line ends).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
