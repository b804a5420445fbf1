using ShopStream.Core.Text;

namespace ShopStream.Core.Processing.Analytics;

/// <summary>
/// One row of <c>alerts</c>: something unusual, of a <see cref="Type"/> from <see cref="AlertTypes"/>, about a
/// <see cref="Key"/> (a product or user id; empty for the whole shop), in the event-time window
/// [<see cref="WindowStart"/>, <see cref="WindowEnd"/>], with the value seen and the value expected.
/// </summary>
public readonly record struct Alert(string Type, string Key, DateTime WindowStart, DateTime WindowEnd, decimal Observed, decimal Expected)
{
    /// <summary>The order of <c>alerts.csv</c>: by window start, type and key (then the other columns, so it is total).</summary>
    public static int Compare(Alert a, Alert b)
    {
        int c = a.WindowStart.CompareTo(b.WindowStart);
        if (c == 0)
            c = CodePointOrder.Compare(a.Type, b.Type);
        if (c == 0)
            c = CodePointOrder.Compare(a.Key, b.Key);
        if (c == 0)
            c = a.WindowEnd.CompareTo(b.WindowEnd);
        if (c == 0)
            c = a.Observed.CompareTo(b.Observed);
        return c != 0 ? c : a.Expected.CompareTo(b.Expected); // still tied: equal in every column
    }
}
