using System.Globalization;
using ShopStream.Core.Events;

namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// Price changes of products, in arrival order: an event whose price is at least <see cref="AlertRules.PriceChangeRatio"/>
/// times the product's previous price, or at most its part of it, is an alert. Runs on the router's thread, the one
/// place that sees every event in order (products span partitions). Events without a positive price are skipped.
/// State is one price per product seen, in an open-addressing table: this is a lookup for every event on the
/// thread that feeds all partitions, and a probe that finds id and price on one cache line costs about half of a
/// <see cref="Dictionary{TKey, TValue}"/> lookup (buckets, then entries).
/// </summary>
internal sealed partial class PriceWatch(decimal ratio)
{
    private Slot[] _slots = new Slot[1 << 12];
    private int _shift = 64 - 12;
    private int _count;

    public List<Alert> Alerts { get; } = [];

    public void See(in ShopEvent e)
    {
        if (e.Price <= 0)
            return;
        ref var slot = ref Find(e.ProductId);
        if (slot.ProductId == 0)
        {
            slot = new Slot { ProductId = e.ProductId, Price = e.Price };
            if (++_count * 4 > _slots.Length * 3)
                Grow(); // at most three quarters full: probes stay short and the table small
            return;
        }

        decimal last = slot.Price;
        if (e.Price != last && (e.Price >= last * ratio || last >= e.Price * ratio))
        {
            var at = e.EventTime;
            Alerts.Add(new Alert(AlertTypes.PriceChange, e.ProductId.ToString(CultureInfo.InvariantCulture), at, at, e.Price, last));
        }

        slot.Price = e.Price;
    }

    // Product ids are positive (validation rejects others), so id 0 marks an empty slot.
    private ref Slot Find(long productId)
    {
        int mask = _slots.Length - 1;
        int i = (int)((ulong)productId * 0x9E3779B97F4A7C15UL >> _shift); // Fibonacci hashing: the top bits
        while (_slots[i].ProductId != productId && _slots[i].ProductId != 0)
            i = (i + 1) & mask;
        return ref _slots[i];
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        _shift--;
        foreach (var s in old)
        {
            if (s.ProductId != 0)
                Find(s.ProductId) = s;
        }
    }

    private struct Slot
    {
        public long ProductId;
        public decimal Price;
    }
}
