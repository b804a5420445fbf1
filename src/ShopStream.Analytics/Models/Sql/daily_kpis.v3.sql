-- gold/daily_kpis: one row per event date (UTC). Revenue is SPEC's (every purchase's price * quantity); an order is
-- a user's order id (REES46 purchases have none: each line is an order of its own); a customer is new on the day of
-- their first purchase and returning on a later day they buy again; conversion is converting sessions per session,
-- a session counted on the day it started.
-- v3: a line without an order id is one order by itself (v2 took its event id, which a copy beyond the dedup horizon
-- shares with its twin: one order, its revenue twice).
-- v2: sessions are gold's (the run's, the numbers summary.json counts), not silver's distinct user and session start,
-- which disagreed while late events left overlapping sessions; the average order value is exact, rounded once to
-- cents, half away from zero (a decimal divided by a count is a DOUBLE in DuckDB: 707.90 / 20 gave 35.39).
WITH purchases AS (
    SELECT user_id, event_date, order_id, price * quantity AS amount
    FROM silver_events
    WHERE event_type = 'purchase'
),
first_purchase AS (
    SELECT user_id, min(event_date) AS first_date FROM purchases GROUP BY user_id
),
sales AS (
    SELECT p.event_date,
        sum(p.amount) AS revenue,
        CAST(sum(p.amount) * 10000 AS HUGEINT) AS units, -- exact: prices have 4 decimals
        count(DISTINCT (p.user_id, p.order_id)) FILTER (WHERE p.order_id IS NOT NULL) + count(*) FILTER (WHERE p.order_id IS NULL) AS orders,
        count(DISTINCT p.user_id) FILTER (WHERE f.first_date = p.event_date) AS new_customers,
        count(DISTINCT p.user_id) FILTER (WHERE f.first_date < p.event_date) AS returning_customers
    FROM purchases p JOIN first_purchase f USING (user_id)
    GROUP BY p.event_date
),
traffic AS (
    SELECT CAST(session_start AS DATE) AS event_date, count(*) AS sessions, count(*) FILTER (WHERE converted) AS converted_sessions
    FROM gold_sessions GROUP BY ALL
),
activity AS (
    SELECT event_date, count(*) AS events, count(DISTINCT user_id) AS users FROM silver_events GROUP BY event_date
)
SELECT
    a.event_date AS kpi_date,
    a.events,
    a.users,
    coalesce(t.sessions, 0) AS sessions,
    coalesce(t.converted_sessions, 0) AS converted_sessions,
    CAST(CASE WHEN coalesce(t.sessions, 0) = 0 THEN 0 ELSE t.converted_sessions / t.sessions END AS DECIMAL(18,4)) AS conversion_rate,
    CAST(coalesce(s.revenue, 0) AS DECIMAL(18,2)) AS revenue,
    coalesce(s.orders, 0) AS orders,
    CAST(CASE WHEN coalesce(s.orders, 0) = 0 THEN 0
        ELSE CAST(sign(s.units) * ((2 * abs(s.units) + 100 * s.orders) // (200 * s.orders)) AS DECIMAL(38,0)) * 0.01 END AS DECIMAL(18,2)) AS average_order_value,
    coalesce(s.new_customers, 0) AS new_customers,
    coalesce(s.returning_customers, 0) AS returning_customers
FROM activity a
LEFT JOIN traffic t USING (event_date)
LEFT JOIN sales s USING (event_date)
ORDER BY kpi_date
