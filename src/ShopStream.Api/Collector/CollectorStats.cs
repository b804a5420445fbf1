namespace ShopStream.Api.Collector;

/// <summary>Collector requests refused whole (400, 401, 403, 413, 429) since start, for <c>/api/pipeline</c>.</summary>
public sealed class CollectorStats
{
    private long _requestsRejected;

    public long RequestsRejected => Interlocked.Read(ref _requestsRejected);

    public void RequestRejected() => Interlocked.Increment(ref _requestsRejected);
}
