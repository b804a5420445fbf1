using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.Processing;

internal sealed partial class PartitionRouter
{
    /// <summary>
    /// Sends every partition what it has been routed so far and waits until all have processed it. Until the next
    /// <see cref="Route"/>, every worker is idle and the partitions' state holds exactly the events routed so far.
    /// </summary>
    public void Quiesce()
    {
        using var done = new CountdownEvent(_partitions.Length);
        for (int p = 0; p < _partitions.Length; p++)
        {
            var batch = _filling[p];
            batch.Barrier = done;
            Post(p, batch);
            _filling[p] = Rent();
        }

        try
        {
            done.Wait(_failed.Token);
        }
        catch (OperationCanceledException)
        {
            ThrowIfFailed();
            throw;
        }
    }

    /// <summary>The router's own state: the stream's max event time, late drops and the price watch.</summary>
    public void Save(StateWriter w)
    {
        w.Write(_watermark.MaxEventTime);
        w.Write(LateDropped);
        _prices.Save(w);
    }

    /// <summary>Loads what <see cref="Save"/> wrote, before the first <see cref="Route"/>.</summary>
    public void Restore(StateReader r)
    {
        _watermark.MaxEventTime = r.ReadLong();
        LateDropped = r.ReadLong();
        _prices.Restore(r);
    }
}
