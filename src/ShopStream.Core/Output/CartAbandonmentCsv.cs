using ShopStream.Core.Processing.Analytics;

namespace ShopStream.Core.Output;

/// <summary>Writes <c>cart_abandonment_hourly</c>: sessions by the hour they started in, with the abandonment rate (four places).</summary>
public static class CartAbandonmentCsv
{
    public static ReadOnlySpan<byte> Header => "window_start,sessions,cart_sessions,abandoned_sessions,abandonment_rate"u8;

    public static void Write(Stream output, IEnumerable<CartAbandonment> rows)
    {
        using var w = new Utf8RowWriter(output);
        w.Line(Header);
        foreach (var r in rows)
        {
            w.Time(r.WindowStart);
            w.Int(r.Sessions);
            w.Int(r.CartSessions);
            w.Int(r.AbandonedSessions);
            w.Ratio(r.AbandonedSessions, r.CartSessions);
            w.EndRow();
        }
    }
}
