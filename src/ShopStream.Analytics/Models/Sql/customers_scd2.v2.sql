-- gold/customers_scd2: a type-2 slowly changing dimension of customer attributes (profile segment, country, top
-- category, RFM segment). Each run compares every customer's attribute hash with their current row (this table's
-- latest version, gold_customers_scd2): unchanged rows stay as they are, a changed customer's current row is closed
-- (valid_to = the run's time, is_current false) and a new current row opened (valid_from = the run's time). A
-- customer gone from the profiles keeps their row. The same data twice gives the same rows: nothing to commit.
-- v2: a country at one time from two countries is the smallest (v1 took either, by input order), and a run whose
-- clock is behind the table's latest valid_from dates its changes just after it (v1 closed rows before they began).
WITH country AS (
    -- the latest event's country; at the same time, the smallest (arg_max would take either, by input order)
    SELECT user_id, first(country ORDER BY event_time DESC, country) AS country
    FROM silver_events WHERE country IS NOT NULL
    GROUP BY user_id
),
incoming AS (
    SELECT p.user_id AS customer_id, p.segment, c.country, p.top_category, r.segment AS rfm_segment
    FROM gold_profiles p
    LEFT JOIN country c USING (user_id)
    LEFT JOIN gold_rfm r ON r.customer_id = p.user_id
),
hashed AS (
    SELECT *, md5(to_json([segment, country, top_category, rfm_segment])) AS attr_hash FROM incoming
),
current_rows AS (
    SELECT * FROM gold_customers_scd2 WHERE is_current
),
-- The run's time, but never before a row's valid_from: a clock set back (another machine's, say) would otherwise
-- close rows before they began.
run AS (
    SELECT greatest(run_time, coalesce((SELECT max(valid_from) FROM gold_customers_scd2) + INTERVAL 1 MICROSECOND, run_time)) AS run_time
    FROM run_context
)
-- history: closed rows never change
SELECT customer_id, segment, country, top_category, rfm_segment, attr_hash, valid_from, valid_to, is_current
FROM gold_customers_scd2 WHERE NOT is_current
UNION ALL
-- current rows whose attributes did not change, or whose customer is gone: kept as they are
SELECT o.customer_id, o.segment, o.country, o.top_category, o.rfm_segment, o.attr_hash, o.valid_from, o.valid_to, o.is_current
FROM current_rows o LEFT JOIN hashed h USING (customer_id)
WHERE h.customer_id IS NULL OR h.attr_hash = o.attr_hash
UNION ALL
-- current rows whose attributes changed: closed at the run's time
SELECT o.customer_id, o.segment, o.country, o.top_category, o.rfm_segment, o.attr_hash, o.valid_from, run.run_time, false
FROM current_rows o JOIN hashed h USING (customer_id), run
WHERE h.attr_hash <> o.attr_hash
UNION ALL
-- new customers and changed ones: a new current row from the run's time
SELECT h.customer_id, h.segment, h.country, h.top_category, h.rfm_segment, h.attr_hash, run.run_time, CAST(NULL AS TIMESTAMPTZ), true
FROM hashed h LEFT JOIN current_rows o USING (customer_id), run
WHERE o.customer_id IS NULL OR o.attr_hash <> h.attr_hash
ORDER BY customer_id, valid_from
