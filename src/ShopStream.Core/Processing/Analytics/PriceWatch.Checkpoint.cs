using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.Processing.Analytics;

internal sealed partial class PriceWatch
{
    public void Save(StateWriter w)
    {
        w.Write(_count);
        foreach (var s in _slots)
        {
            if (s.ProductId == 0)
                continue;
            w.Write(s.ProductId);
            w.Write(s.Price);
        }

        Checkpoints.AlertState.Save(w, Alerts);
    }

    public void Restore(StateReader r)
    {
        int n = r.ReadCount();
        for (int i = 0; i < n; i++)
        {
            long product = r.ReadLong();
            if (product <= 0)
                throw new CheckpointException($"price of product {product}");
            ref var slot = ref Find(product);
            slot = new Slot { ProductId = product, Price = r.ReadDecimal() };
            if (++_count * 4 > _slots.Length * 3)
                Grow();
        }

        Checkpoints.AlertState.Restore(r, Alerts);
    }
}
