using ShopStream.Core.Processing.Analytics;

namespace ShopStream.Core.Checkpoints;

/// <summary>Alerts raised so far, in a checkpoint.</summary>
internal static class AlertState
{
    public static void Save(StateWriter w, List<Alert> alerts)
    {
        w.Write(alerts.Count);
        foreach (var a in alerts)
        {
            w.WriteString(a.Type);
            w.WriteString(a.Key);
            w.Write(a.WindowStart);
            w.Write(a.WindowEnd);
            w.Write(a.Observed);
            w.Write(a.Expected);
        }
    }

    public static void Restore(StateReader r, List<Alert> alerts)
    {
        int n = r.ReadCount();
        alerts.Capacity = alerts.Count + n;
        for (int i = 0; i < n; i++)
            alerts.Add(new Alert(r.ReadString() ?? "", r.ReadString() ?? "", r.ReadDateTime(), r.ReadDateTime(), r.ReadDecimal(), r.ReadDecimal()));
    }
}
