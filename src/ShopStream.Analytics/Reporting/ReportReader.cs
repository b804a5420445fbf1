using System.Globalization;
using ShopStream.Analytics.Jobs;
using ShopStream.Lake;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Analytics.Reporting;

/// <summary>Reads a report's numbers with DuckDB from the views of the lake (<c>silver_events</c>, <c>gold_sessions</c>) and the gold tables.</summary>
public static class ReportReader
{
    /// <summary>
    /// The report's numbers. When the lake's last run read no events, the jobs' tables are not read: the jobs refuse an
    /// empty silver (so there may be none), and tables an earlier run's jobs built would contradict the empty key figures.
    /// </summary>
    /// <exception cref="InvalidOperationException">A gold table the report needs has not been built (run the jobs first).</exception>
    public static ReportData Read(DuckDbConnection connection, IReadOnlyCollection<string> goldViews)
    {
        var totals = Row(connection, """
            SELECT min(event_time), max(event_time),
                coalesce(sum(price * quantity) FILTER (WHERE event_type = 'purchase'), 0),
                -- a purchase without an order id (REES46) is an order by itself, also a copy beyond the dedup horizon,
                -- whose event id (a fingerprint of its fields) is its twin's
                count(DISTINCT (user_id, order_id)) FILTER (WHERE event_type = 'purchase' AND order_id IS NOT NULL)
                    + count(*) FILTER (WHERE event_type = 'purchase' AND order_id IS NULL),
                count(DISTINCT user_id) FILTER (WHERE event_type = 'purchase'),
                count(DISTINCT user_id)
            FROM silver_events
            """);
        bool empty = totals[0] is null;
        foreach (var needed in new[] { "gold_daily_kpis", "gold_cohorts", "gold_rfm" })
        {
            if (!empty && !goldViews.Contains(needed))
                throw new InvalidOperationException($"{needed} has not been built yet: run 'shopstream jobs run' first");
        }

        // The run's own sessions, as summary.json counts them (silver grouped by session_start gives the same count).
        var funnel = Row(connection, """
            SELECT count(*), count(*) FILTER (WHERE views > 0), count(*) FILTER (WHERE carts > 0), count(*) FILTER (WHERE purchases > 0)
            FROM gold_sessions
            """);
        decimal revenue = Convert.ToDecimal(totals[2], CultureInfo.InvariantCulture);
        long orders = Convert.ToInt64(totals[3], CultureInfo.InvariantCulture);
        return new ReportData
        {
            From = totals[0] as DateTime? ?? default,
            To = totals[1] as DateTime? ?? default,
            // Half away from zero, as summary.json, the CSVs and gold_daily_kpis round (ToEven made 0.125 read 0.12
            // here beside 0.13 in the report's own tables); the average from the exact sum, as gold_daily_kpis takes it.
            Revenue = Math.Round(revenue, 2, MidpointRounding.AwayFromZero),
            AverageOrderValue = orders == 0 ? 0 : Math.Round(revenue / orders, 2, MidpointRounding.AwayFromZero),
            Orders = orders,
            Customers = Convert.ToInt64(totals[4], CultureInfo.InvariantCulture),
            Users = Convert.ToInt64(totals[5], CultureInfo.InvariantCulture),
            Sessions = Convert.ToInt64(funnel[0], CultureInfo.InvariantCulture),
            ViewSessions = Convert.ToInt64(funnel[1], CultureInfo.InvariantCulture),
            CartSessions = Convert.ToInt64(funnel[2], CultureInfo.InvariantCulture),
            PurchaseSessions = Convert.ToInt64(funnel[3], CultureInfo.InvariantCulture),
            Daily = empty ? [] : Rows(connection, "SELECT kpi_date, revenue, orders FROM gold_daily_kpis ORDER BY kpi_date",
                r => new DailyPoint((DateTime)r[0]!, (decimal)r[1]!, (long)r[2]!)),
            Segments = Rows(connection, """
                SELECT segment, count(*), CAST(sum(revenue) AS DECIMAL(18,2)) FROM gold_profiles GROUP BY segment
                ORDER BY array_position(['high_value', 'converting', 'interested', 'active_browser', 'casual'], segment), segment
                """, r => new SegmentRow((string)r[0]!, (long)r[1]!, (decimal)r[2]!)),
            RfmSegments = empty ? [] : Rows(connection, """
                SELECT segment, count(*), CAST(sum(monetary) AS DECIMAL(18,2)) FROM gold_rfm GROUP BY segment
                ORDER BY array_position(['champions', 'loyal', 'new', 'promising', 'need_attention', 'at_risk', 'hibernating'], segment), segment
                """, r => new SegmentRow((string)r[0]!, (long)r[1]!, (decimal)r[2]!)),
            Cohorts = empty ? [] : Rows(connection, "SELECT cohort_month, months_since, cohort_size, active_customers, revenue FROM gold_cohorts ORDER BY cohort_month, months_since",
                r => new CohortCell((DateTime)r[0]!, (int)(long)r[1]!, (long)r[2]!, (long)r[3]!, (decimal)r[4]!)),
            TopProducts = Rows(connection, """
                SELECT product_id, any_value(category_code), any_value(brand), CAST(sum(quantity) AS BIGINT), CAST(sum(price * quantity) AS DECIMAL(18,2)) AS revenue
                FROM silver_events WHERE event_type = 'purchase' GROUP BY product_id ORDER BY revenue DESC, product_id LIMIT 10
                """, r => new ProductRow((long)r[0]!, (string?)r[1], (string?)r[2], (long)r[3]!, (decimal)r[4]!)),
            Campaigns = !empty && goldViews.Contains("gold_campaign_roi")
                ? Rows(connection, "SELECT campaign_id, channel, spend, orders, revenue, roas FROM gold_campaign_roi ORDER BY roas DESC NULLS LAST, campaign_id",
                    r => new CampaignRow((string)r[0]!, (string)r[1]!, (decimal?)r[2], (long)r[3]!, (decimal)r[4]!, (decimal?)r[5]))
                : [],
        };
    }

    /// <summary>
    /// The version of <c>silver_events</c> that each gold table the report reads (RFM, cohorts, daily KPIs, and the
    /// campaigns', which only a jobs run with <c>--campaigns</c> rebuilds) was built from: its model's last good
    /// run's recorded input (the last in run order, not by the clock); none before any. Not the latest jobs run's:
    /// one that was blocked read the newest silver and committed nothing, and the report then showed the older tables
    /// without a word.
    /// </summary>
    public static IReadOnlyList<(string Model, long Silver)> GoldSilverVersions(DuckDbConnection connection, IReadOnlyCollection<string> goldViews)
    {
        if (!goldViews.Contains("gold_job_runs"))
            return [];
        return Rows(connection, $"""
            SELECT model, silver FROM (
                SELECT model, CAST(json_extract_string(inputs, '$.silver_events') AS BIGINT) AS silver,
                    row_number() OVER (PARTITION BY model ORDER BY {RunHistory.InRunOrder(connection, newestFirst: true)}) AS latest
                FROM gold_job_runs
                WHERE model IN ({Quoted(ReportedModels)}) AND status IN ({Quoted(ModelStatus.Good)}))
            WHERE latest = 1 AND silver IS NOT NULL
            ORDER BY array_position({SqlText.List(ReportedModels)}, model)
            """, r => ((string)r[0]!, Convert.ToInt64(r[1], CultureInfo.InvariantCulture)));
    }

    // The models whose gold tables the report reads, in the order a stale note names them.
    private static readonly string[] ReportedModels = ["rfm", "cohorts", "daily_kpis", "campaign_roi"];

    // Names of this program's own (never a user's), as the items of an IN list.
    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(SqlText.Literal));

    private static object?[] Row(DuckDbConnection connection, string sql) => Rows(connection, sql, r => r)[0];

    private static List<T> Rows<T>(DuckDbConnection connection, string sql, Func<object?[], T> map)
    {
        var rows = new List<T>();
        using var result = connection.Query(sql);
        foreach (var chunk in result.Chunks())
        {
            for (int r = 0; r < chunk.RowCount; r++)
                rows.Add(map(Enumerable.Range(0, chunk.ColumnCount).Select(c => chunk.Column(c).Value(r)).ToArray()));
        }

        return rows;
    }
}
