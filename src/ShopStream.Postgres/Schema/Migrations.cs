namespace ShopStream.Postgres.Schema;

/// <summary>
/// The schema's history, oldest first. Never edit a released step: add a new one (a database that already ran a step
/// never runs it again). Every table has a <c>version</c> column: the version of the publication that wrote the row.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "profiles, sessions and run summary", """
            CREATE TABLE shopstream.profiles (
                user_id bigint PRIMARY KEY,
                events integer NOT NULL,
                views integer NOT NULL,
                carts integer NOT NULL,
                removes integer NOT NULL,
                purchases integer NOT NULL,
                revenue numeric NOT NULL,
                first_seen timestamptz NOT NULL,
                last_seen timestamptz NOT NULL,
                sessions integer NOT NULL,
                products_viewed integer NOT NULL,
                top_category text,
                top_brand text,
                segment text NOT NULL CHECK (segment IN ('high_value', 'converting', 'interested', 'active_browser', 'casual')),
                version bigint NOT NULL
            );
            CREATE TABLE shopstream.sessions (
                user_id bigint NOT NULL,
                session_start timestamptz NOT NULL,
                session_end timestamptz NOT NULL,
                events integer NOT NULL,
                views integer NOT NULL,
                carts integer NOT NULL,
                purchases integer NOT NULL,
                revenue numeric NOT NULL,
                converted boolean NOT NULL,
                version bigint NOT NULL,
                PRIMARY KEY (user_id, session_start)
            );
            CREATE TABLE shopstream.run_summary (
                id smallint PRIMARY KEY CHECK (id = 1),
                events_read bigint NOT NULL,
                events_accepted bigint NOT NULL,
                events_rejected bigint NOT NULL,
                duplicates_dropped bigint NOT NULL,
                users bigint NOT NULL,
                sessions bigint NOT NULL,
                sessions_with_purchase bigint NOT NULL,
                purchasing_users bigint NOT NULL,
                revenue numeric NOT NULL,
                late_events bigint NOT NULL,
                late_events_dropped bigint NOT NULL,
                sessions_with_cart bigint NOT NULL,
                abandoned_sessions bigint NOT NULL,
                rejected_by_reason jsonb NOT NULL,
                events_by_type jsonb NOT NULL,
                segments jsonb NOT NULL,
                version bigint NOT NULL,
                published_at timestamptz NOT NULL DEFAULT now()
            );
            """),
        new(2, "hourly and minute window metrics", """
            CREATE TABLE shopstream.hourly_metrics (
                window_start timestamptz PRIMARY KEY,
                window_end timestamptz NOT NULL,
                events bigint NOT NULL,
                views bigint NOT NULL,
                carts bigint NOT NULL,
                removes bigint NOT NULL,
                purchases bigint NOT NULL,
                revenue numeric NOT NULL,
                users bigint NOT NULL,
                version bigint NOT NULL
            );
            CREATE TABLE shopstream.minute_metrics (LIKE shopstream.hourly_metrics INCLUDING ALL);
            """),
        new(3, "indexes for profile search orders and filters", """
            CREATE INDEX profiles_by_revenue ON shopstream.profiles (revenue DESC, user_id);
            CREATE INDEX profiles_by_events ON shopstream.profiles (events DESC, user_id);
            CREATE INDEX profiles_by_last_seen ON shopstream.profiles (last_seen DESC, user_id);
            CREATE INDEX profiles_by_segment ON shopstream.profiles (segment, user_id);
            """),
        // profiles_by_revenue stays: min_revenue filters on the exact revenue (ProfileQuery.ExactRevenueBound).
        new(4, "profiles sorted by revenue as shown (rounded to cents)", """
            CREATE INDEX profiles_by_shown_revenue ON shopstream.profiles (round(revenue, 2) DESC, user_id);
            """),
    ];

    public static int Latest => All[^1].Version;
}
