using ShopStream.Core.Checkpoints;
using ShopStream.Core.Events;

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

        w.Write(spill?.RunCount ?? 0);
        w.Write(_unnamed.Count);
        foreach (var o in _unnamed)
            Save(w, o);
    }

    public void Restore(StateReader r)
    {
        int orders = r.ReadCount();
        _orders.Capacity = orders;
        for (int i = 0; i < orders; i++)
            _orders.Add(ReadOrder(r));
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

        int runs = r.ReadInt();
        if (spill is null && runs != 0)
            throw new CheckpointException("the checkpoint has spilled orders and this run has no spill");
        spill?.Restore(runs);
        int unnamed = r.ReadCount();
        for (int i = 0; i < unnamed; i++)
            _unnamed.Add(ReadOrder(r));
    }

    private static OrderFact ReadOrder(StateReader r) =>
        new(r.ReadString() ?? "", r.ReadLong(), r.ReadDateTime(), r.ReadInt(), r.ReadLong(), r.ReadDecimal(), ReadDetails(r));

    private static void Save(StateWriter w, in OrderFact o)
    {
        w.WriteString(o.OrderId);
        w.Write(o.UserId);
        w.Write(o.OrderTime);
        w.Write(o.Lines);
        w.Write(o.Items);
        w.Write(o.Value);
        SaveDetails(w, o.Details);
    }

    // Labels go through the writer's string table (a channel is written once however many orders hold it).
    internal static void SaveDetails(StateWriter w, EventDetails? d)
    {
        w.Write(d is not null);
        if (d is null)
            return;
        foreach (var money in (ReadOnlySpan<decimal?>)[d.Subtotal, d.Tax, d.Shipping, d.Total])
        {
            w.Write(money.HasValue);
            if (money is { } value)
                w.Write(value);
        }

        w.WriteString(d.PaymentMethod);
        w.WriteString(d.Channel);
        w.WriteString(d.UtmSource);
        w.WriteString(d.UtmMedium);
        w.WriteString(d.UtmCampaign);
    }

    internal static EventDetails? ReadDetails(StateReader r)
    {
        if (!r.ReadBool())
            return null;
        return new EventDetails
        {
            Subtotal = ReadMoney(r),
            Tax = ReadMoney(r),
            Shipping = ReadMoney(r),
            Total = ReadMoney(r),
            PaymentMethod = r.ReadString(),
            Channel = r.ReadString(),
            UtmSource = r.ReadString(),
            UtmMedium = r.ReadString(),
            UtmCampaign = r.ReadString(),
        };
    }

    private static decimal? ReadMoney(StateReader r) => r.ReadBool() ? r.ReadDecimal() : null;
}
