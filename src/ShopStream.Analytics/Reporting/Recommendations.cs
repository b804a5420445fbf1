using System.Globalization;

namespace ShopStream.Analytics.Reporting;

/// <summary>
/// Derives plain-language recommendations from a report's numbers: where the session funnel loses most, which
/// customer segment to target, how well customers come back, how concentrated sales are. Each one quotes the numbers
/// it comes from, so a reader can check it.
/// </summary>
public static class Recommendations
{
    public static IReadOnlyList<Recommendation> From(ReportData d)
    {
        var list = new List<Recommendation>();
        if (Funnel(d) is { } funnel)
            list.Add(funnel);
        if (Target(d) is { } target)
            list.Add(target);
        if (Retention(d) is { } retention)
            list.Add(retention);
        if (Budget(d) is { } budget)
            list.Add(budget);
        if (Concentration(d) is { } concentration)
            list.Add(concentration);
        return list;
    }

    private static Recommendation? Funnel(ReportData d)
    {
        if (d.ViewSessions == 0)
            return null;
        decimal viewToCart = (decimal)d.CartSessions / d.ViewSessions;
        decimal cartToPurchase = d.CartSessions == 0 ? 0 : Math.Min(1, (decimal)d.PurchaseSessions / d.CartSessions);
        decimal viewLoss = 1 - viewToCart, cartLoss = 1 - cartToPurchase;
        if (viewLoss <= 0 && cartLoss <= 0)
            return null; // no step loses a session: there is no leak to name (it named 100.0% "the biggest loss")
        if (viewLoss >= cartLoss)
        {
            return new Recommendation(
                "Fix the leak between viewing and adding to cart",
                $"Sessions that add to the cart are only {Pct(viewToCart)} as many as those that view a product ({N(d.CartSessions)} against {N(d.ViewSessions)}): the biggest loss in the funnel. "
                + "Work on the product pages of the most viewed products: price, photos, stock and delivery information.");
        }

        return new Recommendation(
            "Recover abandoned carts",
            $"{Pct(1 - cartToPurchase)} of sessions with a cart end without a purchase ({N(d.CartSessions - Math.Min(d.CartSessions, d.PurchaseSessions))} of {N(d.CartSessions)}): the biggest loss in the funnel. "
            + "Send cart reminders and shorten the checkout.");
    }

    private static Recommendation? Target(ReportData d)
    {
        var atRisk = d.RfmSegments.FirstOrDefault(s => s.Name == "at_risk");
        decimal total = d.RfmSegments.Sum(s => s.Revenue);
        // Worth a campaign only when they matter: at least 5% of what customers spent.
        if (atRisk is { Members: > 0 } && total > 0 && atRisk.Revenue / total >= 0.05m)
        {
            return new Recommendation(
                "Win back the at-risk customers",
                $"{Customers(atRisk.Members)} bought often but not recently (RFM segment at_risk); together they spent {Money(atRisk.Revenue)} ({Pct(atRisk.Revenue / total)} of customer revenue), "
                + $"{Money(atRisk.Revenue / atRisk.Members)} each. A personal win-back offer to them is the best-paying campaign.");
        }

        var interested = d.Segments.FirstOrDefault(s => s.Name == "interested");
        if (interested is { Members: > 0 })
        {
            return new Recommendation(
                "Remind the interested visitors",
                $"{N(interested.Members)} users added products to a cart but never bought (segment interested): a reminder with the products they chose targets them.");
        }

        return null;
    }

    private static Recommendation? Retention(ReportData d)
    {
        var second = d.Cohorts.Where(c => c.MonthsSince == 1).ToList();
        if (second.Count == 0)
            return null;
        long size = second.Sum(c => c.CohortSize);
        decimal rate = size == 0 ? 0 : (decimal)second.Sum(c => c.ActiveCustomers) / size;
        return rate < 0.25m
            ? new Recommendation(
                "Bring new visitors back in their second month",
                $"Only {Pct(rate)} of users are active again in the month after their first ({Cohorts(second.Count)}, {Users(size)}). A follow-up offer in the first weeks after a first visit should lift it.")
            : new Recommendation(
                "Retention holds: keep the loyalty programme",
                $"{Pct(rate)} of users are active again in the month after their first ({Cohorts(second.Count)}, {Users(size)}).");
    }

    private static Recommendation? Budget(ReportData d)
    {
        var paid = d.Campaigns.Where(c => c.Roas is not null).OrderByDescending(c => c.Roas).ToList();
        if (paid.Count < 2 || paid[0].Roas == paid[^1].Roas)
            return null;
        var (best, worst) = (paid[0], paid[^1]);
        return new Recommendation(
            "Move marketing budget to the best-returning campaign",
            $"{best.CampaignId} ({best.Channel}) brought {Money(best.Roas!.Value)} of revenue per unit spent, {worst.CampaignId} ({worst.Channel}) only {Money(worst.Roas!.Value)}: "
            + $"shift spend from {worst.CampaignId} to {best.CampaignId}.");
    }

    private static Recommendation? Concentration(ReportData d)
    {
        if (d.Revenue <= 0 || d.TopProducts.Count == 0)
            return null;
        decimal share = d.TopProducts.Sum(p => p.Revenue) / d.Revenue;
        bool one = d.TopProducts.Count == 1;
        string top = one ? "The top product brings" : $"The top {d.TopProducts.Count} products bring";
        return share >= 0.5m
            ? new Recommendation("Protect the best sellers", $"{top} {Pct(share)} of revenue: keep {(one ? "it" : "them")} in stock and watch {(one ? "its price" : "their prices")}.")
            : new Recommendation("Sales are spread out", $"{top} {Pct(share)} of revenue: promote the long tail by category rather than single products.");
    }

    internal static string Customers(long n) => n == 1 ? "1 customer" : $"{N(n)} customers";

    // Cohorts hold every user from their first event, buyer or not: calling them customers set 35,905 of them beside
    // the report's 3,258 customers.
    private static string Users(long n) => n == 1 ? "1 user" : $"{N(n)} users";

    private static string Cohorts(int n) => n == 1 ? "1 cohort" : $"{N(n)} cohorts";

    internal static string Pct(decimal rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    internal static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Money(decimal m) => m.ToString("N2", CultureInfo.InvariantCulture);
}
