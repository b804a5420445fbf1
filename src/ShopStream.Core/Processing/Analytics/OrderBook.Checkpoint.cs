using ShopStream.Core.Checkpoints;

namespace ShopStream.Core.Processing.Analytics;

internal sealed partial class OrderBook
{
    public void Save(StateWriter w)
    {
        w.Write(_orders.Count);
        foreach (var o in _orders)
            Save(w, o);
        w.Write(_index.Count);
        foreach (var ((user, order), slot) in _index)
        {
            w.Write(user);
            w.WriteString(order);
            w.Write(slot);
        }
    }

    public void Restore(StateReader r)
    {
        int orders = r.ReadCount();
        _orders.Capacity = orders;
        for (int i = 0; i < orders; i++)
            _orders.Add(new OrderFact(r.ReadString() ?? "", r.ReadLong(), r.ReadDateTime(), r.ReadInt(), r.ReadLong(), r.ReadDecimal()));
        int indexed = r.ReadCount();
        _index.EnsureCapacity(indexed);
        for (int i = 0; i < indexed; i++)
        {
            long user = r.ReadLong();
            string order = r.ReadString() ?? throw new CheckpointException("an indexed order has no id");
            int slot = r.ReadInt();
            if ((uint)slot >= (uint)_orders.Count)
                throw new CheckpointException($"order slot {slot} of {_orders.Count}");
            _index.Add((user, order), slot);
        }
    }

    private static void Save(StateWriter w, in OrderFact o)
    {
        w.WriteString(o.OrderId);
        w.Write(o.UserId);
        w.Write(o.OrderTime);
        w.Write(o.Lines);
        w.Write(o.Items);
        w.Write(o.Value);
    }
}
