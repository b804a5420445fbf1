using ShopStream.Core.Events;

namespace ShopStream.Api.Collector;

/// <summary>A request body read as events: the valid ones, in order, and the rejected ones by index.</summary>
internal sealed class ParsedBatch
{
    public List<ShopEvent> Events { get; } = [];

    public List<EventError> Errors { get; } = [];

    /// <summary>Events in the body, valid or not.</summary>
    public int Count { get; set; }
}
