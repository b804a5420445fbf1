namespace ShopStream.Api.Json;

/// <summary>The body of every 4xx/5xx answer: what was wrong, in one sentence.</summary>
public sealed record ErrorJson(string Error);
