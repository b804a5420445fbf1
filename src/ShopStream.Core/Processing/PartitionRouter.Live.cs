namespace ShopStream.Core.Processing;

internal sealed partial class PartitionRouter
{
    // The input paused: every partition gets what it has been routed so far, so the live state answers for all
    // of it while the writer pauses, instead of holding half-full batches back. Only batches the reader marked
    // stalled (live serving) come here; results are the same whatever the batching.
    private void HandOnAll()
    {
        for (int p = 0; p < _partitions.Length; p++)
        {
            if (_filling[p].Count == 0)
                continue;
            Post(p, _filling[p]);
            _filling[p] = Rent();
        }
    }
}
