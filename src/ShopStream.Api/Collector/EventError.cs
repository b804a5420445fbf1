namespace ShopStream.Api.Collector;

/// <summary>Why the event at <see cref="Index"/> (0-based, in the batch's order) was rejected: a SPEC reason name such as <c>event_time</c>.</summary>
public sealed record EventError(int Index, string Reason);
