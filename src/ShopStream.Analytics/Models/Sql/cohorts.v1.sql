-- gold/cohorts: monthly acquisition cohorts. A customer's cohort is the month (UTC) of their first event; for each
-- cohort and each month since (0, 1, 2, ... up to the last month with data) the customers active then (any event),
-- the retention rate (active per cohort size), the cohort's purchase revenue that month and cumulatively.
WITH activity AS (
    SELECT user_id, CAST(date_trunc('month', event_time) AS DATE) AS activity_month,
        sum(CASE WHEN event_type = 'purchase' THEN price * quantity ELSE 0 END) AS revenue
    FROM silver_events
    GROUP BY ALL
),
members AS (
    SELECT user_id, min(activity_month) AS cohort_month FROM activity GROUP BY user_id
),
sizes AS (
    SELECT cohort_month, count(*) AS cohort_size FROM members GROUP BY cohort_month
),
last_month AS (
    SELECT max(activity_month) AS last_month FROM activity
),
grid AS (
    SELECT s.cohort_month, s.cohort_size, CAST(g.months_since AS INTEGER) AS months_since
    FROM sizes s, last_month l,
        generate_series(0, CAST(datediff('month', s.cohort_month, l.last_month) AS BIGINT)) AS g(months_since)
),
by_month AS (
    SELECT m.cohort_month, CAST(datediff('month', m.cohort_month, a.activity_month) AS INTEGER) AS months_since,
        count(*) AS active_customers, sum(a.revenue) AS revenue
    FROM activity a JOIN members m USING (user_id)
    GROUP BY ALL
)
SELECT
    g.cohort_month,
    g.months_since,
    CAST(g.cohort_size AS BIGINT) AS cohort_size,
    CAST(coalesce(b.active_customers, 0) AS BIGINT) AS active_customers,
    CAST(coalesce(b.active_customers, 0) / g.cohort_size AS DECIMAL(18,4)) AS retention_rate,
    CAST(coalesce(b.revenue, 0) AS DECIMAL(18,2)) AS revenue,
    CAST(sum(coalesce(b.revenue, 0)) OVER (PARTITION BY g.cohort_month ORDER BY g.months_since) AS DECIMAL(18,2)) AS cumulative_revenue
FROM grid g
LEFT JOIN by_month b USING (cohort_month, months_since)
ORDER BY g.cohort_month, g.months_since
