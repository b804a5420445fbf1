using System.Text.Json.Serialization;
using ShopStream.Api.Collector;

namespace ShopStream.Api.Json;

/// <summary>
/// The collector's answer: events accepted (durably in the log), rejected, and why each rejected one was; a 400
/// (nothing accepted) also says why in <see cref="Error"/>, as every other error answer does.
/// </summary>
public sealed record CollectJson(int Accepted, int Rejected, IReadOnlyList<EventError> Errors)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }
}
