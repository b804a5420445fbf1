-- gold/ml_features: one row per customer (every profile) for models: RFM values (NULL without a qualifying purchase),
-- event counts by type, sessions and their average length, days since last seen (counted back from the data's last
-- day, not the wall clock, so a re-run gives the same numbers), and affinities: the share of the customer's events in
-- their top category and with their top brand, and how many categories and brands they touched.
WITH data_end AS (
    SELECT CAST(max(event_time) AS DATE) AS last_day FROM silver_events
),
-- The average session length in hundredths of a minute, exact in integer microseconds and rounded half away from
-- zero (lengths are never negative): v1 averaged DOUBLE seconds, and 0.575 min came out 0.57.
session_length AS (
    SELECT user_id,
        (200 * sum(epoch_us(session_end) - epoch_us(session_start)) + 60000000 * count(*)) // (120000000 * count(*)) AS avg_session_hundredths
    FROM gold_sessions GROUP BY user_id
),
affinity AS (
    SELECT user_id,
        count(DISTINCT category_code) AS distinct_categories,
        count(DISTINCT brand) AS distinct_brands,
        count(*) AS events
    FROM silver_events GROUP BY user_id
),
category_events AS (
    SELECT user_id, category_code, count(*) AS n FROM silver_events WHERE category_code IS NOT NULL GROUP BY ALL
),
brand_events AS (
    SELECT user_id, brand, count(*) AS n FROM silver_events WHERE brand IS NOT NULL GROUP BY ALL
)
SELECT
    p.user_id AS customer_id,
    r.recency_days, r.frequency, r.monetary, r.r_score, r.f_score, r.m_score,
    p.events, p.views, p.carts, p.removes, p.purchases, p.revenue, p.sessions,
    CAST(CAST(coalesce(s.avg_session_hundredths, 0) AS DECIMAL(38,0)) * 0.01 AS DECIMAL(18,2)) AS avg_session_minutes,
    CAST((SELECT last_day FROM data_end) - CAST(p.last_seen AS DATE) AS BIGINT) AS days_since_last_seen,
    p.top_category,
    CAST(coalesce(c.n, 0) / a.events AS DECIMAL(18,4)) AS top_category_share,
    p.top_brand,
    CAST(coalesce(b.n, 0) / a.events AS DECIMAL(18,4)) AS top_brand_share,
    CAST(a.distinct_categories AS BIGINT) AS distinct_categories,
    CAST(a.distinct_brands AS BIGINT) AS distinct_brands
FROM gold_profiles p
JOIN affinity a USING (user_id)
LEFT JOIN gold_rfm r ON r.customer_id = p.user_id
LEFT JOIN session_length s USING (user_id)
LEFT JOIN category_events c ON c.user_id = p.user_id AND c.category_code = p.top_category
LEFT JOIN brand_events b ON b.user_id = p.user_id AND b.brand = p.top_brand
ORDER BY customer_id
