using ShopStream.Api.Collector;

namespace ShopStream.Api.Json;

/// <summary>The collector's answer: events accepted (durably in the log), rejected, and why each rejected one was.</summary>
public sealed record CollectJson(int Accepted, int Rejected, IReadOnlyList<EventError> Errors);
