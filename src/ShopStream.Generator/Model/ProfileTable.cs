namespace ShopStream.Generator.Model;

/// <summary>
/// The behaviour profiles' raw parameters (share of users, relative views per session, cart, purchase and remove
/// propensity, appetite for sale items) and their calibration: the per-profile rates are scaled so the mixture
/// yields exactly the configured views per session, carts per view and purchases per cart, in expectation.
/// </summary>
internal sealed class ProfileTable
{
    private static readonly (string Name, double Share, double Views, double Cart, double Purchase, double Remove, double Sale)[] s_raw =
    [
        ("browser", 0.45, 1.8, 0.5, 0.7, 1.0, 0.05),
        ("window_shopper", 0.25, 1.0, 0.3, 0.5, 0.6, 0.05),
        ("buyer", 0.12, 1.6, 3.0, 1.3, 0.6, 0.05),
        ("bargain_hunter", 0.13, 2.4, 1.5, 0.9, 2.0, 0.6),
        ("loyal", 0.05, 1.5, 2.5, 1.4, 0.5, 0.1),
    ];

    public ProfileTable(FunnelRates funnel)
    {
        int n = s_raw.Length;
        Names = s_raw.Select(r => r.Name).ToArray();
        Cumulative = new double[n];
        ViewsPerSession = new double[n];
        CartPerView = new double[n];
        PurchasePerLine = new double[n];
        RemovePerLine = new double[n];
        SaleAffinity = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++)
        {
            Cumulative[i] = acc += s_raw[i].Share;
            SaleAffinity[i] = s_raw[i].Sale;
        }

        // Views: 1 + k * (raw - 1), with k so that the share-weighted mean is the configured one.
        double extra = s_raw.Sum(r => r.Share * (r.Views - 1));
        double k = (funnel.ViewsPerSession - 1) / extra;
        for (int i = 0; i < n; i++)
            ViewsPerSession[i] = 1 + (k * (s_raw[i].Views - 1));

        // Carts per view, weighted by views; the spread shrinks when the configured rate leaves no room for it.
        var cart = Calibrate(funnel.CartsPerView, i => s_raw[i].Cart, i => s_raw[i].Share * ViewsPerSession[i], cap: 0.95);
        double removeCap = 1 - Math.Min(1, funnel.Remove);
        var purchase = funnel.Cart == 0 ? new double[n]
            : Calibrate(funnel.PurchasesPerCart, i => s_raw[i].Purchase, i => s_raw[i].Share * ViewsPerSession[i] * cart[i], cap: Math.Max(removeCap, 0.0));
        for (int i = 0; i < n; i++)
        {
            CartPerView[i] = cart[i];
            PurchasePerLine[i] = purchase[i];
            RemovePerLine[i] = Math.Min(funnel.Remove * s_raw[i].Remove, 1 - purchase[i]);
        }
    }

    public string[] Names { get; }
    public double[] Cumulative { get; }
    public double[] ViewsPerSession { get; }
    public double[] CartPerView { get; }
    public double[] PurchasePerLine { get; }
    public double[] RemovePerLine { get; }
    public double[] SaleAffinity { get; }

    // rate_i = target * m_i * K with K = sum(w) / sum(w * m); m's spread is reduced until max(rate_i) <= cap.
    private static double[] Calibrate(double target, Func<int, double> multiplier, Func<int, double> weight, double cap)
    {
        int n = s_raw.Length;
        var rates = new double[n];
        if (target <= 0)
            return rates;
        for (double spread = 1; ; spread *= 0.8)
        {
            if (spread < 0.01)
                spread = 0;
            double sw = 0, swm = 0;
            var m = new double[n];
            for (int i = 0; i < n; i++)
            {
                m[i] = 1 + (spread * (multiplier(i) - 1));
                sw += weight(i);
                swm += weight(i) * m[i];
            }

            for (int i = 0; i < n; i++)
                rates[i] = target * m[i] * sw / swm;
            if (rates.Max() <= cap || spread == 0)
            {
                for (int i = 0; i < n; i++)
                    rates[i] = Math.Min(rates[i], cap);
                return rates;
            }
        }
    }
}
