using System.Globalization;

namespace ShopStream.Core.Processing.Analytics;

/// <summary>Fraud signals over one user's orders, sorted by order time.</summary>
internal static class FraudSignals
{
    /// <summary>
    /// At least <see cref="AlertRules.BurstOrders"/> orders in a window of <see cref="AlertRules.BurstWindow"/>
    /// ending at an order time: one alert, window from the first of them to that time. Orders up to the end of an
    /// alert's window are not counted again, so a long burst raises one alert per full window of orders.
    /// </summary>
    public static void Bursts(ReadOnlySpan<OrderFact> orders, AlertRules rules, List<Alert> alerts)
    {
        if (orders.Length < rules.BurstOrders)
            return;
        long window = rules.BurstWindow.Ticks;
        long countedUpTo = long.MinValue;
        int left = 0;
        for (int j = 0; j < orders.Length; j++)
        {
            long t = orders[j].OrderTime.Ticks;
            if (j + 1 < orders.Length && orders[j + 1].OrderTime.Ticks == t)
                continue; // orders at the same time are counted together
            while (orders[left].OrderTime.Ticks <= t - window || orders[left].OrderTime.Ticks <= countedUpTo)
                left++;
            int count = j - left + 1;
            if (count >= rules.BurstOrders)
            {
                alerts.Add(new Alert(AlertTypes.PurchaseBurst, Key(orders[j]), orders[left].OrderTime, orders[j].OrderTime, count, rules.BurstOrders));
                countedUpTo = t;
            }
        }
    }

    /// <summary>
    /// An order worth more than <see cref="AlertRules.OrderValueRatio"/> times the mean of the user's earlier
    /// orders, once there are <see cref="AlertRules.OrderValueMinHistory"/> of them (and their mean is positive).
    /// </summary>
    public static void OrderValues(ReadOnlySpan<OrderFact> orders, AlertRules rules, List<Alert> alerts)
    {
        decimal sum = 0;
        for (int i = 0; i < orders.Length; i++)
        {
            var o = orders[i];
            if (i >= rules.OrderValueMinHistory && sum > 0)
            {
                decimal mean = sum / i;
                if (o.Value > rules.OrderValueRatio * mean)
                    alerts.Add(new Alert(AlertTypes.OrderValue, Key(o), o.OrderTime, o.OrderTime, o.Value, mean));
            }

            sum += o.Value;
        }
    }

    private static string Key(in OrderFact o) => o.UserId.ToString(CultureInfo.InvariantCulture);
}
