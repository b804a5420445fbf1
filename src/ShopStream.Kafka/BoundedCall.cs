namespace ShopStream.Kafka;

/// <summary>
/// A blocking librdkafka call given a limit of its own. librdkafka 2.0.2 does not keep to every timeout it is
/// passed: with every broker of the cluster gone, one watermark query with a 30 s timeout was seen blocking for over
/// six minutes, which kept a processor stopped by SIGTERM from exiting. The call runs on a thread of its own; past
/// the limit it is left running and the caller gets a <see cref="AbandonedCallException"/>.
/// The client the call runs on is busy until it returns, and destroying it would block as well: the caller stops
/// using it and leaves it to the process's exit.
/// </summary>
internal static class BoundedCall
{
    /// <summary>How long past a call's own timeout it is given to keep to it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs <paramref name="call"/>; true when it returned (or threw, rethrown here) within <paramref name="limit"/>,
    /// else false with <paramref name="running"/> the call still going, to know when its client is free again.
    /// </summary>
    public static bool TryRun(Action call, TimeSpan limit, out Task running)
    {
        running = Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!((IAsyncResult)running).AsyncWaitHandle.WaitOne(limit))
            return false;
        running.GetAwaiter().GetResult();
        return true;
    }

    /// <summary>Runs <paramref name="call"/> and returns its result, or throws when it has not returned within <paramref name="limit"/>.</summary>
    /// <param name="what">What the call asks Kafka, for the error: "the end offsets of shop.events [3]".</param>
    public static T Run<T>(Func<T> call, TimeSpan limit, string what)
    {
        T result = default!;
        if (!TryRun(() => result = call(), limit, out _))
            throw new AbandonedCallException($"no answer from Kafka for {what} within {limit.TotalSeconds:N0} s");
        return result;
    }
}
