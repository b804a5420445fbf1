using ShopStream.Core.Processing.Analytics;

namespace ShopStream.Core.Output;

/// <summary>
/// Writes <c>orders</c>: one row per order (purchase events sharing an order id). <c>value</c> is the subtotal
/// (sum of the lines); the order-level columns after it are empty when the source has no such field (REES46, UCI).
/// </summary>
public static class OrdersCsv
{
    public static ReadOnlySpan<byte> Header =>
        "order_id,user_id,order_time,lines,items,value,tax,shipping,total,payment_method,channel,utm_source,utm_medium,utm_campaign"u8;

    public static void Write(Stream output, IEnumerable<OrderFact> orders)
    {
        using var w = new Utf8RowWriter(output);
        w.Line(Header);
        foreach (var o in orders)
        {
            w.Text(o.OrderId);
            w.Int(o.UserId);
            w.Time(o.OrderTime);
            w.Int(o.Lines);
            w.Int(o.Items);
            w.Money(o.Value);
            var d = o.Details;
            Money(w, d?.Tax);
            Money(w, d?.Shipping);
            Money(w, d?.Total);
            w.Text(d?.PaymentMethod);
            w.Text(d?.Channel);
            w.Text(d?.UtmSource);
            w.Text(d?.UtmMedium);
            w.Text(d?.UtmCampaign);
            w.EndRow();
        }
    }

    private static void Money(Utf8RowWriter w, decimal? value)
    {
        if (value is { } money)
            w.Money(money);
        else
            w.Text(null);
    }
}
