using ShopStream.Core.Events;

namespace ShopStream.Core.Log;

/// <summary>
/// Sees what a <see cref="LogIngest"/> accepts, block by block, to publish something derived from it (the orders
/// topic). With an observer, a resumed ingest reads its inputs again from the start, appending only what the log
/// lacks, so the observer sees the whole stream; <see cref="EndBlock"/> says which blocks the log already held.
/// </summary>
public interface IIngestObserver
{
    /// <summary>An accepted event, in input order, with the stream's largest event time so far.</summary>
    void Accepted(in ShopEvent e, long streamMaxTicks);

    /// <summary>
    /// The end of a block, before its events are appended: what the observer publishes for the block must be durable
    /// when this returns. <paramref name="held"/>: every partition of the log held the block already (a resumed
    /// ingest re-reading it), so what it completed was published, durably, by the run that appended it.
    /// </summary>
    void EndBlock(bool held);

    /// <summary>End of input, after the last block.</summary>
    void Completed();
}
