using System.Globalization;
using ShopStream.Core.Processing;
using ShopStream.Core.Validation;
using ShopStream.Lake.DuckDb;

namespace ShopStream.Benchmarks.DuckDb;

/// <summary>
/// SPEC's run summary computed by DuckDB straight from a REES46 CSV: exact-row dedup (GROUP BY every column),
/// per-user sessions by a greater-than-30-minute gap (LAG over event_time), per-user totals, segments by SPEC's rules.
/// Assumes every row is valid (as the generator's are): DuckDB does not apply ShopStream's validation.
/// event_time is read as TIMESTAMP by DuckDB's own parser, which takes <c>2019-10-01 00:00:00 UTC</c> as is
/// (a little faster than an explicit <c>timestampformat</c>, same values).
/// </summary>
internal static class DuckDbSummaryQuery
{
    private static readonly string[] s_types = ["view", "cart", "remove_from_cart", "purchase"];
    private static readonly string[] s_segments = ["high_value", "converting", "interested", "active_browser", "casual"];

    public static string Sql(string csvPath, int sessionGapMinutes = 30) => $$"""
        WITH dedup AS MATERIALIZED (
            SELECT *, count(*) AS copies
            FROM read_csv('{{csvPath.Replace("'", "''", StringComparison.Ordinal)}}',
                header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
                columns = {
                    'event_time': 'TIMESTAMP', 'event_type': 'VARCHAR', 'product_id': 'BIGINT', 'category_id': 'BIGINT',
                    'category_code': 'VARCHAR', 'brand': 'VARCHAR', 'price': 'DECIMAL(18,2)', 'user_id': 'BIGINT',
                    'user_session': 'VARCHAR'})
            GROUP BY ALL
        ),
        marked AS (
            SELECT user_id, event_time, event_type, price,
                   coalesce(event_time - lag(event_time) OVER w > INTERVAL {{sessionGapMinutes}} MINUTE, true)::INTEGER AS new_session
            FROM dedup
            WINDOW w AS (PARTITION BY user_id ORDER BY event_time)
        ),
        numbered AS (
            -- default RANGE frame: events at the same instant get the same session number whatever their order
            SELECT user_id, event_type, price,
                   sum(new_session) OVER (PARTITION BY user_id ORDER BY event_time) AS session_no
            FROM marked
        ),
        per_session AS (
            SELECT user_id, session_no,
                   count(*) FILTER (WHERE event_type = 'view') AS views,
                   count(*) FILTER (WHERE event_type = 'cart') AS carts,
                   count(*) FILTER (WHERE event_type = 'remove_from_cart') AS removes,
                   count(*) FILTER (WHERE event_type = 'purchase') AS purchases,
                   coalesce(sum(price) FILTER (WHERE event_type = 'purchase'), 0) AS revenue
            FROM numbered
            GROUP BY user_id, session_no
        ),
        per_user AS (
            SELECT user_id, count(*) AS sessions, count(*) FILTER (WHERE purchases > 0) AS converted_sessions,
                   sum(views) AS views, sum(carts) AS carts, sum(removes) AS removes, sum(purchases) AS purchases,
                   sum(revenue) AS revenue
            FROM per_session
            GROUP BY user_id
        ),
        segmented AS (
            SELECT *,
                   CASE WHEN revenue >= 1000 THEN 'high_value'
                        WHEN purchases >= 1 THEN 'converting'
                        WHEN carts >= 1 THEN 'interested'
                        WHEN views >= 5 THEN 'active_browser'
                        ELSE 'casual' END AS segment
            FROM per_user
        )
        SELECT
            (SELECT sum(copies) FROM dedup)::BIGINT AS events_read,
            (SELECT sum(copies) - count(*) FROM dedup)::BIGINT AS duplicates,
            coalesce(sum(views), 0)::BIGINT AS view,
            coalesce(sum(carts), 0)::BIGINT AS cart,
            coalesce(sum(removes), 0)::BIGINT AS remove_from_cart,
            coalesce(sum(purchases), 0)::BIGINT AS purchase,
            count(*)::BIGINT AS users,
            coalesce(sum(sessions), 0)::BIGINT AS sessions,
            coalesce(sum(converted_sessions), 0)::BIGINT AS sessions_with_purchase,
            count(*) FILTER (WHERE purchases >= 1)::BIGINT AS purchasing_users,
            coalesce(sum(revenue), 0)::VARCHAR AS revenue,
            count(*) FILTER (WHERE segment = 'high_value')::BIGINT AS high_value,
            count(*) FILTER (WHERE segment = 'converting')::BIGINT AS converting,
            count(*) FILTER (WHERE segment = 'interested')::BIGINT AS interested,
            count(*) FILTER (WHERE segment = 'active_browser')::BIGINT AS active_browser,
            count(*) FILTER (WHERE segment = 'casual')::BIGINT AS casual
        FROM segmented
        """;

    /// <summary>Runs the query on <paramref name="csvPath"/> with DuckDB's <c>threads</c> setting.</summary>
    public static RunSummary Run(string csvPath, int threads)
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute($"SET threads = {threads}");
        var r = DuckDbRows.Single(connection, Sql(Path.GetFullPath(csvPath)));
        long read = (long)r["events_read"]!;
        return new RunSummary
        {
            EventsRead = read,
            EventsAccepted = read,
            EventsRejected = 0,
            DuplicatesDropped = (long)r["duplicates"]!,
            RejectedByReason = RejectReasons.All.ToArray().Select(x => new KeyValuePair<string, long>(RejectReasons.Name(x), 0)).ToArray(),
            EventsByType = s_types.Select(t => new KeyValuePair<string, long>(t, (long)r[t]!)).ToArray(),
            Users = (long)r["users"]!,
            Sessions = (long)r["sessions"]!,
            SessionsWithPurchase = (long)r["sessions_with_purchase"]!,
            PurchasingUsers = (long)r["purchasing_users"]!,
            Revenue = decimal.Parse((string?)r["revenue"] ?? "0", CultureInfo.InvariantCulture),
            Segments = s_segments.Select(s => new KeyValuePair<string, long>(s, (long)r[s]!)).ToArray(),
        };
    }
}
