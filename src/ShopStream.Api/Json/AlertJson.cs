namespace ShopStream.Api.Json;

/// <summary>An <c>alerts.csv</c> row.</summary>
public sealed record AlertJson(string Type, string Key, DateTime WindowStart, DateTime WindowEnd, decimal Observed, decimal Expected);
