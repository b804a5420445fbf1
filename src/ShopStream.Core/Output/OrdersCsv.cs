using ShopStream.Core.Processing.Analytics;

namespace ShopStream.Core.Output;

/// <summary>Writes <c>orders</c>: one row per order (purchase events sharing an order id).</summary>
public static class OrdersCsv
{
    public static ReadOnlySpan<byte> Header => "order_id,user_id,order_time,lines,items,value"u8;

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
            w.EndRow();
        }
    }
}
