using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;
using ShopStream.Core.Processing.Windows;
using ShopStream.Lake.Parquet;

namespace ShopStream.Lake.Runs;

/// <summary>
/// The run's results as rows of gold's files, in the columns of <see cref="Tables.LakeTables"/>' gold schemas: money
/// and rates rounded half away from zero to their column's scale, times in microseconds, empty texts as NULL.
/// </summary>
internal static class GoldRows
{
    public static void WriteProfiles(ParquetFileWriter file, IEnumerable<CustomerProfile> profiles, Utf8Strings utf8)
    {
        var longs = Enumerable.Range(0, 11).Select(file.Int64).ToArray();
        var (topCategory, topBrand, segment) = (file.String(11), file.String(12), file.String(13));
        foreach (var p in profiles)
        {
            longs[0].Add(p.UserId);
            longs[1].Add(p.Events);
            longs[2].Add(p.Views);
            longs[3].Add(p.Carts);
            longs[4].Add(p.Removes);
            longs[5].Add(p.Purchases);
            longs[6].AddDecimal(p.Revenue);
            longs[7].AddTicks(p.FirstSeen.Ticks);
            longs[8].AddTicks(p.LastSeen.Ticks);
            longs[9].Add(p.Sessions);
            longs[10].Add(p.ProductsViewed);
            Text(topCategory, p.TopCategory, utf8);
            Text(topBrand, p.TopBrand, utf8);
            segment.Add(utf8.Of(SegmentRules.Name(p.Segment)));
            file.EndRow();
        }
    }

    /// <summary>Writes the sessions and returns their starts by user, for silver's <c>session_start</c>.</summary>
    public static SessionStarts WriteSessions(ParquetFileWriter file, IEnumerable<SessionRecord> sessions)
    {
        var (user, start, end) = (file.Int64(0), file.Int64(1), file.Int64(2));
        var (events, views, carts, purchases, revenue) = (file.Int64(3), file.Int64(4), file.Int64(5), file.Int64(6), file.Int64(7));
        var converted = file.Boolean(8);
        long[] users = new long[1 << 16], starts = new long[1 << 16];
        int count = 0;
        foreach (var s in sessions)
        {
            user.Add(s.UserId);
            start.AddTicks(s.SessionStart.Ticks);
            end.AddTicks(s.SessionEnd.Ticks);
            events.Add(s.Events);
            views.Add(s.Views);
            carts.Add(s.Carts);
            purchases.Add(s.Purchases);
            revenue.AddDecimal(s.Revenue);
            converted.Add(s.Converted);
            file.EndRow();
            if (count == users.Length)
            {
                Array.Resize(ref users, count * 2);
                Array.Resize(ref starts, count * 2);
            }

            users[count] = s.UserId;
            starts[count++] = UnixMicros.FromTicks(s.SessionStart.Ticks);
        }

        return SessionStarts.Of(users, starts, count);
    }

    public static void WriteWindows(ParquetFileWriter file, IEnumerable<WindowResult> windows)
    {
        var columns = Enumerable.Range(0, 10).Select(file.Int64).ToArray();
        foreach (var w in windows)
        {
            columns[0].AddTicks(w.WindowStart.Ticks);
            columns[1].Add(w.Events);
            columns[2].Add(w.Views);
            columns[3].Add(w.Carts);
            columns[4].Add(w.Removes);
            columns[5].Add(w.Purchases);
            columns[6].AddDecimal(w.Revenue);
            columns[7].Add(w.Users);
            columns[8].AddDecimal(w.ViewToCartRate);
            columns[9].AddDecimal(w.CartToPurchaseRate);
            file.EndRow();
        }
    }

    private static void Text(StringColumnBuffer column, string? value, Utf8Strings utf8)
    {
        if (string.IsNullOrEmpty(value))
            column.AddNull();
        else
            column.Add(utf8.Of(value));
    }
}
