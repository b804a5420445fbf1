using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Analytics;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Windows;
using ShopStream.Core.Serving;

namespace ShopStream.Api.Store;

/// <summary>
/// One finished run's outputs, loaded whole and never changed: a reload builds a new snapshot and swaps it in, so
/// a request reads one consistent run. Profiles are kept in user id order with one precomputed order per
/// <see cref="ProfileSort"/>, so a search is a scan, never a sort.
/// </summary>
internal sealed class RunSnapshot
{
    private readonly int[][] _orders;

    public RunSnapshot(
        RunSummary summary, CustomerProfile[] profiles, WindowResult[] hourly, WindowResult[] minutes,
        ProductTotal[] products, Alert[] alerts, DateTime writtenAt)
    {
        Summary = summary;
        Profiles = profiles;
        Hourly = hourly;
        Minutes = minutes;
        NewestAlerts = [.. alerts.AsEnumerable().Reverse()];
        WrittenAt = writtenAt;
        Array.Sort(profiles, static (a, b) => a.UserId.CompareTo(b.UserId));
        var userOrder = Enumerable.Range(0, profiles.Length).ToArray();
        _orders = new int[Enum.GetValues<ProfileSort>().Length][];
        _orders[(int)ProfileSort.UserId] = userOrder;
        // Every order breaks ties by user id: the index is the user id order, so compare it last.
        _orders[(int)ProfileSort.RevenueDescending] = Order(profiles, static (a, b) => b.Revenue.CompareTo(a.Revenue));
        _orders[(int)ProfileSort.EventsDescending] = Order(profiles, static (a, b) => b.Events.CompareTo(a.Events));
        _orders[(int)ProfileSort.LastSeenDescending] = Order(profiles, static (a, b) => b.LastSeen.CompareTo(a.LastSeen));
        ByRevenue = [.. products.OrderByDescending(p => p.Revenue).ThenBy(p => p.ProductId)];
        ByViews = [.. products.OrderByDescending(p => p.Views).ThenBy(p => p.ProductId)];
    }

    public RunSummary Summary { get; }

    /// <summary>By user id.</summary>
    public CustomerProfile[] Profiles { get; }

    public WindowResult[] Hourly { get; }

    public WindowResult[] Minutes { get; }

    public ProductTotal[] ByRevenue { get; }

    public ProductTotal[] ByViews { get; }

    /// <summary>Newest first: <c>alerts.csv</c> backwards.</summary>
    public Alert[] NewestAlerts { get; }

    public DateTime WrittenAt { get; }

    public CustomerProfile? Profile(long userId)
    {
        int lo = 0, hi = Profiles.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long id = Profiles[mid].UserId;
            if (id == userId)
                return Profiles[mid];
            if (id < userId)
                lo = mid + 1;
            else
                hi = mid - 1;
        }

        return null;
    }

    public ProfilePage Search(ProfileQuery query)
    {
        var order = _orders[(int)query.Sort];
        var items = new List<CustomerProfile>(Math.Min(query.PageSize, 256));
        long total = 0, skip = query.Skip;
        foreach (int i in order)
        {
            ref readonly var p = ref Profiles[i];
            if (query.Segment is { } segment && p.Segment != segment)
                continue;
            if (!query.PassesMinRevenue(p.Revenue))
                continue;
            if (total >= skip && items.Count < query.PageSize)
                items.Add(p);
            total++;
        }

        return new ProfilePage(items, total, query.Page, query.PageSize);
    }

    public static IReadOnlyList<WindowResult> Range(WindowResult[] windows, DateTime? from, DateTime? to) =>
        windows.Where(w => (from is null || w.WindowStart >= from) && (to is null || w.WindowStart < to)).ToArray();

    private static int[] Order(CustomerProfile[] profiles, Comparison<CustomerProfile> compare)
    {
        var order = Enumerable.Range(0, profiles.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = compare(profiles[a], profiles[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }
}
