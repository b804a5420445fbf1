using ShopStream.Core.Events;
using ShopStream.Core.Validation;

namespace ShopStream.Api.Collector;

/// <summary>A request body read as events: the valid ones, in order, and the rejected ones by index.</summary>
internal sealed class ParsedBatch
{
    public List<ShopEvent> Events { get; } = [];

    public List<EventError> Errors { get; } = [];

    /// <summary>The rejected events as the dead letters keep them, in the order of <see cref="Errors"/>.</summary>
    public List<RejectedEvent> Rejected { get; } = [];

    /// <summary>Notes the event at <paramref name="index"/> as rejected for <paramref name="reason"/>.</summary>
    public void Reject(int index, RejectReason reason, ReadOnlySpan<byte> record)
    {
        Errors.Add(new EventError(index, RejectReasons.Name(reason)));
        Rejected.Add(new RejectedEvent(index, reason, CollectorDeadLetters.Kept(record, reason), record.Length));
    }

    /// <summary>Events in the body, valid or not.</summary>
    public int Count { get; set; }
}
