-- gold/daily_kpis: one row per event date (UTC). Revenue is SPEC's (every purchase's price * quantity); an order is
-- a user's order id (REES46 purchases have none: each line is an order of its own); a customer is new on the day of
-- their first order and returning on a later day an order of theirs begins; conversion is converting sessions per session,
-- a session counted on the day it started.
-- v4: an order is counted once, on the day of its first line, and its buyer is new or returning on that day alone (an
-- order whose lines crossed midnight counted on both days, so the days' orders added up to more than the run's, and
-- its buyer returning on the second day). Revenue stays on each line's day.
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
orders AS (
    SELECT user_id, min(event_date) AS order_date FROM purchases WHERE order_id IS NOT NULL GROUP BY user_id, order_id
    UNION ALL
    SELECT user_id, event_date FROM purchases WHERE order_id IS NULL
),
first_purchase AS (
    SELECT user_id, min(order_date) AS first_date FROM orders GROUP BY user_id
),
order_days AS (
    SELECT o.order_date AS event_date,
        count(*) AS orders,
        count(DISTINCT o.user_id) FILTER (WHERE f.first_date = o.order_date) AS new_customers,
        count(DISTINCT o.user_id) FILTER (WHERE f.first_date < o.order_date) AS returning_customers
    FROM orders o JOIN first_purchase f USING (user_id)
    GROUP BY o.order_date
),
sales AS (
    SELECT event_date,
        sum(amount) AS revenue,
        CAST(sum(amount) * 10000 AS HUGEINT) AS units -- exact: prices have 4 decimals
    FROM purchases
    GROUP BY event_date
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
    coalesce(o.orders, 0) AS orders,
    CAST(CASE WHEN coalesce(o.orders, 0) = 0 THEN 0
        ELSE CAST(sign(s.units) * ((2 * abs(s.units) + 100 * o.orders) // (200 * o.orders)) AS DECIMAL(38,0)) * 0.01 END AS DECIMAL(18,2)) AS average_order_value,
    coalesce(o.new_customers, 0) AS new_customers,
    coalesce(o.returning_customers, 0) AS returning_customers
FROM activity a
LEFT JOIN traffic t USING (event_date)
LEFT JOIN sales s USING (event_date)
LEFT JOIN order_days o USING (event_date)
ORDER BY kpi_date
