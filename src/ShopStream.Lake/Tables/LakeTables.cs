using ShopStream.Lake.Delta;
using ShopStream.Lake.Storage;

namespace ShopStream.Lake.Tables;

/// <summary>
/// The lake's tables and their columns (SPEC "Output tables"): the fixed set every lake command accepts, so no
/// table or view name ever comes from user text.
/// </summary>
public static class LakeTables
{
    private const string Money = "decimal(18,2)";
    private const string Price = "decimal(18,4)";
    private const string Rate = "decimal(18,4)";

    private static readonly DeltaField[] s_canonical =
    [
        new("event_id", "string", false),
        new("event_time", "timestamp", false),
        new("event_type", "string", false),
        new("user_id", "long", false),
        new("session_id", "string"),
        new("product_id", "long", false),
        new("category_id", "long"),
        new("category_code", "string"),
        new("brand", "string"),
        new("price", Price, false),
        new("quantity", "integer", false),
        new("order_id", "string"),
        new("country", "string"),
        new("user_agent", "string"),
        new("ip", "string"),
    ];

    // The order and attribution details of richer sources (EventDetails), nullable: added after the first lakes were
    // written, so versions without them read them as NULL (schema evolution).
    private static readonly DeltaField[] s_details =
    [
        new("payment_method", "string"),
        new("order_subtotal", Price),
        new("tax", Price),
        new("shipping", Price),
        new("order_total", Price),
        new("channel", "string"),
        new("utm_source", "string"),
        new("utm_medium", "string"),
        new("utm_campaign", "string"),
    ];

    /// <summary>Every accepted record as read (duplicates included), with its source file, line and the run's ingest time.</summary>
    public static LakeTable BronzeEvents { get; } = new(
        "bronze/events",
        "bronze_events",
        new DeltaSchema([.. s_canonical, .. s_details, new("source", "string", false), new("line", "long", false), new("ingested_at", "timestamp", false)]),
        []);

    /// <summary>Deduplicated events (canonical fields and details) with their session's start, partitioned by event date.</summary>
    public static LakeTable SilverEvents { get; } = new(
        "silver/events",
        "silver_events",
        new DeltaSchema([.. s_canonical, .. s_details, new("session_start", "timestamp", false), new("event_date", "date", false)]),
        ["event_date"]);

    public static LakeTable GoldProfiles { get; } = new(
        "gold/profiles",
        "gold_profiles",
        new DeltaSchema(
        [
            new("user_id", "long", false), new("events", "long", false), new("views", "long", false), new("carts", "long", false),
            new("removes", "long", false), new("purchases", "long", false), new("revenue", Money, false), new("first_seen", "timestamp", false),
            new("last_seen", "timestamp", false), new("sessions", "long", false), new("products_viewed", "long", false),
            new("top_category", "string"), new("top_brand", "string"), new("segment", "string", false),
        ]),
        []);

    public static LakeTable GoldSessions { get; } = new(
        "gold/sessions",
        "gold_sessions",
        new DeltaSchema(
        [
            new("user_id", "long", false), new("session_start", "timestamp", false), new("session_end", "timestamp", false),
            new("events", "long", false), new("views", "long", false), new("carts", "long", false), new("purchases", "long", false),
            new("revenue", Money, false), new("converted", "boolean", false),
        ]),
        []);

    public static LakeTable GoldHourlyMetrics { get; } = Metrics("gold/hourly_metrics", "gold_hourly_metrics");

    public static LakeTable GoldMinuteMetrics { get; } = Metrics("gold/minute_metrics", "gold_minute_metrics");

    /// <summary>
    /// The run summary (SPEC "Run summary") as one row, so a reader of the lake alone can rebuild it: its numbers as
    /// columns, revenue exact; the by-reason, by-type and per-segment counts as JSON objects in their order.
    /// </summary>
    public static LakeTable GoldRunSummary { get; } = new(
        "gold/run_summary",
        "gold_run_summary",
        new DeltaSchema(
        [
            new("events_read", "long", false), new("events_accepted", "long", false), new("events_rejected", "long", false),
            new("duplicates_dropped", "long", false), new("rejected_by_reason", "string", false), new("events_by_type", "string", false),
            new("users", "long", false), new("sessions", "long", false), new("sessions_with_purchase", "long", false),
            new("purchasing_users", "long", false), new("revenue", Price, false), new("segments", "string", false),
            new("late_events", "long", false), new("late_events_dropped", "long", false), new("sessions_with_cart", "long", false),
            new("abandoned_sessions", "long", false), new("cart_abandonment_rate", Rate, false),
        ]),
        []);

    /// <summary>The dead letters (<c>rejected/rejected.jsonl</c>) with their reasons.</summary>
    public static LakeTable QuarantineRejected { get; } = new(
        "quarantine/rejected",
        "quarantine_rejected",
        new DeltaSchema(
        [
            new("source", "string", false), new("line", "long", false), new("reason", "string", false), new("raw", "string"),
            new("raw_base64", "string"), new("raw_bytes", "long"), new("truncated", "boolean"),
        ]),
        []);

    public static IReadOnlyList<LakeTable> All { get; } = [BronzeEvents, SilverEvents, GoldProfiles, GoldSessions, GoldHourlyMetrics, GoldMinuteMetrics, GoldRunSummary, QuarantineRejected];

    /// <summary>The table named by its path (<c>silver/events</c>) or view name (<c>silver_events</c>); null when there is none.</summary>
    public static LakeTable? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Path, name.Trim('/'), StringComparison.Ordinal) || string.Equals(t.ViewName, name, StringComparison.Ordinal));

    private static LakeTable Metrics(string path, string view) => new(
        path,
        view,
        new DeltaSchema(
        [
            new("window_start", "timestamp", false), new("events", "long", false), new("views", "long", false), new("carts", "long", false),
            new("removes", "long", false), new("purchases", "long", false), new("revenue", Money, false), new("users", "long", false),
            new("view_to_cart_rate", Rate, false), new("cart_to_purchase_rate", Rate, false),
        ]),
        []);

    /// <summary>Whether any of a run's tables holds any file, committed or not (a first run killed before its commits).</summary>
    public static async Task<bool> AnyFilesAsync(ILakeStorage storage, CancellationToken cancellationToken = default)
    {
        foreach (var table in All)
        {
            if ((await storage.ListAsync(table.Path + "/", cancellationToken).ConfigureAwait(false)).Count > 0)
                return true;
        }

        return false;
    }

    /// <summary>Whether a run has committed to this lake (a run commits bronze and the run summary; jobs read them).</summary>
    public static async Task<bool> AnyRunAsync(ILakeStorage storage, CancellationToken cancellationToken = default) =>
        (await storage.ListAsync(GoldRunSummary.Path + "/_delta_log/", cancellationToken).ConfigureAwait(false)).Count > 0
        || (await storage.ListAsync(BronzeEvents.Path + "/_delta_log/", cancellationToken).ConfigureAwait(false)).Count > 0;
}
