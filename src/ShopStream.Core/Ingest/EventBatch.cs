using ShopStream.Core.Events;

namespace ShopStream.Core.Ingest;

/// <summary>
/// A batch of accepted events handed on by <see cref="EventReader"/>, in input order, with the way back to each
/// event's raw record (for a later stage that still has to dead-letter it, such as data beyond lateness).
/// Every block of records is delivered, so a batch may hold no events (all its records were rejected).
/// Valid only during the callback; the arrays are reused afterwards.
/// </summary>
public sealed class EventBatch
{
    private RecordBlock _block = null!;

    public ShopEvent[] Events => _block.Events;

    public int Count => _block.EventCount;

    public string Source => _block.Input.Name;

    /// <summary>True when the input paused after this batch (only with <see cref="EventReader.HandOnWhenStalled"/>): later stages should hand on what they hold too.</summary>
    public bool Stalled => _block.Stalled;

    /// <summary>Where the batch ends in the input: resuming after this point reads on from the next record.</summary>
    public ResumePoint End => new(_block.InputIndex, _block.Lines[_block.Count - 1]);

    public long LineOf(int eventIndex) => _block.Lines[_block.EventRecord[eventIndex]];

    public ReadOnlySpan<byte> RawOf(int eventIndex) => _block.Record(_block.EventRecord[eventIndex]);

    internal EventBatch Over(RecordBlock block)
    {
        _block = block;
        return this;
    }
}
