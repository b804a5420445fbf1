namespace ShopStream.Api.Collector;

/// <summary>The collector's write keys (a service, so the rate limiter and the endpoints share one set).</summary>
public sealed class WriteKeys(KeySet keys)
{
    public KeySet Keys { get; } = keys;
}
