namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// One row of <c>alerts</c>: something unusual, of a <see cref="Type"/> from <see cref="AlertTypes"/>, about a
/// <see cref="Key"/> (a product or user id; empty for the whole shop), in the event-time window
/// [<see cref="WindowStart"/>, <see cref="WindowEnd"/>], with the value seen and the value expected.
/// </summary>
public readonly record struct Alert(string Type, string Key, DateTime WindowStart, DateTime WindowEnd, decimal Observed, decimal Expected);
