using ShopStream.Core.Events;
using ShopStream.Core.Ingest;

namespace ShopStream.Lake.Runs;

/// <summary>
/// A copy of one reader batch (its events, their lines and input), reused from the queue's pool: the reader's own
/// arrays are reused as soon as its callback returns, so the lake's writer thread works on this copy.
/// </summary>
internal sealed class EventBlock
{
    public ShopEvent[] Events { get; private set; } = [];

    public long[] Lines { get; private set; } = [];

    public int Count { get; private set; }

    public string Source { get; private set; } = "";

    public void CopyFrom(EventBatch batch)
    {
        if (Events.Length < batch.Count)
        {
            Events = new ShopEvent[batch.Count];
            Lines = new long[batch.Count];
        }

        Array.Copy(batch.Events, Events, batch.Count);
        for (int i = 0; i < batch.Count; i++)
            Lines[i] = batch.LineOf(i);
        Count = batch.Count;
        Source = batch.Source;
    }
}
