using ShopStream.Generator.Model;
using ShopStream.Generator.Output;
using ShopStream.Generator.Randomness;

namespace ShopStream.Generator;

/// <summary>Orders: totals, tax, shipping and payment; later cancellations; stock per warehouse and its updates.</summary>
public sealed partial class TrafficGenerator
{
    private const long FreeShippingFromCents = 50_00;
    private const long ShippingCents = 4_99;
    private const int ReorderPoint = 5;

    private enum FutureKind : byte
    {
        Refund,
        Refill,
    }

    private readonly record struct FutureEvent(
        FutureKind Kind, int Product, int Quantity, int Warehouse, long OrderNo, long UserId, int Template, bool Guest);

    // By time, then in the order enqueued: events of the same second came out in an order that depended on the heap's
    // shape, so the refills that --inventory adds reordered the cancellation lines (and their invoice numbers).
    private readonly PriorityQueue<FutureEvent, (long At, long Order)> _future = new();
    private long _enqueued;
    private long _orders;
    private long _invoices;
    private long _cancelledOrder;
    private long _cancelInvoice;
    private OutputBuffer? _inventory;
    private int[] _stock = [];
    private bool[] _refillPending = [];
    // Stock has its own random stream: asking for the inventory output does not change the traffic.
    private Xoshiro256 _stockRng;
    private readonly TimeText _inventoryTime = new((byte)'T', "Z\""u8.ToArray());

    private static readonly double[] s_paymentDesktop = Cumulate([0.52, 0.22, 0.03, 0.02, 0.08, 0.08, 0.05]);
    private static readonly double[] s_paymentMobile = Cumulate([0.40, 0.18, 0.17, 0.12, 0.07, 0.02, 0.04]);

    private void PlaceOrder(int slot, ref Session s, long t)
    {
        s.OrderNo = ++_orders;
        s.InvoiceNo = OrdersFormat.FirstInvoice + _invoices++;
        s.OrderLines = 0;
        s.Subtotal = 0;
        int first = slot * CartLines;
        for (int i = 0; i < s.Lines; i++)
        {
            if (_cartOutcome[first + i] != LineOutcome.Purchase)
                continue;
            s.OrderLines++;
            s.Subtotal += _catalog.PriceCents[_cart[first + i]] * _cartQuantity[first + i];
        }

        // Prices include VAT: the tax is the VAT share of the subtotal.
        int vat = Countries.All[s.Country].VatPercent;
        s.Tax = (long)Math.Round(s.Subtotal * vat / (100.0 + vat));
        s.Shipping = s.Subtotal >= FreeShippingFromCents ? 0 : ShippingCents;
        s.Payment = _rng.Pick(_users.All[s.Template].Device == "desktop" ? s_paymentDesktop : s_paymentMobile);
        Stats.Orders++;

        int warehouse = Countries.All[s.Country].Warehouse;
        bool cancel = _rng.Chance(_o.Funnel.Cancel);
        long cancelAt = t + Math.Max(1800, (long)_rng.LogNormal(8 * 3600, 1.2)); // mostly the same day, as in UCI
        for (int i = 0; i < s.Lines; i++)
        {
            if (_cartOutcome[first + i] != LineOutcome.Purchase)
                continue;
            int product = _cart[first + i];
            int quantity = _cartQuantity[first + i];
            if (_inventory is not null)
                Ship(product, quantity, warehouse, s.OrderNo, t);
            if (cancel)
                _future.Enqueue(new FutureEvent(FutureKind.Refund, product, quantity, warehouse, s.OrderNo, s.UserId, s.Template, s.Guest), (cancelAt, _enqueued++));
        }
    }

    private void RunFuture(FutureEvent f, long t)
    {
        if (f.Kind == FutureKind.Refill)
        {
            int at = (f.Product * Countries.Warehouses.Length) + f.Warehouse;
            _refillPending[at] = false;
            Inventory(f.Product, f.Warehouse, f.Quantity, "refill"u8, 0, t);
            return;
        }

        // The cancellation gets its C invoice number when it happens (its lines come together), so numbers follow time.
        if (f.OrderNo != _cancelledOrder)
        {
            _cancelledOrder = f.OrderNo;
            _cancelInvoice = OrdersFormat.FirstInvoice + _invoices++;
        }

        Emit(new GenEvent
        {
            Second = t,
            Kind = EventKind.Refund,
            Product = f.Product,
            Quantity = f.Quantity,
            Slot = -1,
            Sequence = _sequence++,
            UserId = f.UserId,
            Template = f.Template,
            Guest = f.Guest,
            OrderNo = f.OrderNo,
            InvoiceNo = _cancelInvoice,
            Warehouse = f.Warehouse,
        });
        if (_inventory is not null)
            Inventory(f.Product, f.Warehouse, f.Quantity, "return"u8, f.OrderNo, t);
    }

    /// <summary>Takes stock from the country's warehouse (or the best stocked one), and orders a refill when it runs low.</summary>
    private void Ship(int product, int quantity, int warehouse, long orderNo, long t)
    {
        int warehouses = Countries.Warehouses.Length;
        int first = product * warehouses;
        if (_stock[first + warehouse] < quantity)
        {
            for (int w = 0; w < warehouses; w++)
            {
                if (_stock[first + w] > _stock[first + warehouse])
                    warehouse = w;
            }
        }

        // Stock never goes below zero: what is missing is a backorder, covered by the refill.
        int taken = Math.Min(quantity, Math.Max(0, _stock[first + warehouse]));
        if (taken > 0)
            Inventory(product, warehouse, -taken, "order"u8, orderNo, t);
        if (_stock[first + warehouse] < ReorderPoint && !_refillPending[first + warehouse])
        {
            _refillPending[first + warehouse] = true;
            int amount = 20 + _stockRng.Next(80) + (quantity - taken);
            _future.Enqueue(new FutureEvent(FutureKind.Refill, product, amount, warehouse, 0, 0, 0, false), (t + _stockRng.Between(86_400, 5 * 86_400), _enqueued++));
        }
    }

    private void InitialStock()
    {
        int warehouses = Countries.Warehouses.Length;
        _stock = new int[_catalog.Count * warehouses];
        _refillPending = new bool[_stock.Length];
        _stockRng = new Xoshiro256(_o.Seed ^ 0x5700_C000UL);
        for (int p = 0; p < _catalog.Count; p++)
        {
            // Popular products (small indexes) are stocked deeper.
            int depth = 5 + (int)(200.0 / (1 + (p * 200.0 / _catalog.Count)));
            for (int w = 0; w < warehouses; w++)
            {
                int amount = _stockRng.Next(depth + 1);
                if (amount > 0)
                    Inventory(p, w, amount, "initial"u8, 0, _startSecond);
            }
        }
    }

    /// <summary>Applies a stock change and writes it as one JSON line to the inventory output.</summary>
    private void Inventory(int product, int warehouse, int delta, ReadOnlySpan<byte> reason, long orderNo, long t)
    {
        int at = (product * Countries.Warehouses.Length) + warehouse;
        _stock[at] += delta;
        Stats.InventoryUpdates++;
        var d = _inventory!.Reserve(512);
        int n = Put(d, "{\"event_time\":\""u8);
        n += _inventoryTime.Write(d[n..], t);
        n += Put(d[n..], ",\"event_type\":\"inventory\",\"product_id\":"u8);
        n += Utf8Text.Int(d[n..], _catalog.ProductIds[product]);
        n += Put(d[n..], ",\"warehouse\":\""u8);
        n += Utf8Text.Ascii(d[n..], Countries.Warehouses[warehouse]);
        n += Put(d[n..], "\",\"delta\":"u8);
        n += Utf8Text.Int(d[n..], delta);
        n += Put(d[n..], ",\"stock\":"u8);
        n += Utf8Text.Int(d[n..], _stock[at]);
        n += Put(d[n..], ",\"reason\":\""u8);
        n += Put(d[n..], reason);
        d[n++] = (byte)'"';
        if (orderNo > 0)
        {
            n += Put(d[n..], ",\"order_id\":\"O"u8);
            System.Buffers.Text.Utf8Formatter.TryFormat(orderNo, d[n..], out int w, new System.Buffers.StandardFormat('D', 9));
            n += w;
            d[n++] = (byte)'"';
        }

        n += Put(d[n..], "}\n"u8);
        _inventory.Position += n;
    }

    private static int Put(Span<byte> d, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(d);
        return bytes.Length;
    }

    private static double[] Cumulate(double[] weights)
    {
        double acc = 0;
        return weights.Select(w => acc += w).ToArray();
    }
}
