-- gold/campaign_roi: marketing campaigns (the campaigns CSV: spend per channel and UTM campaign over dates) joined with
-- the orders they brought. An order (silver purchase lines sharing a user and order id) takes its channel and UTM
-- campaign from silver's attribution columns, those of its first line in event time (orders.csv's rule: the details
-- of one line, never mixed); it counts for a campaign of the same channel and UTM campaign (both without a UTM
-- campaign match too) whose dates hold the order's day. Orders without a channel (REES46, UCI) count for none.
-- Channels match whatever their case (the campaigns view has them in lower case): a campaigns file saying "Email"
-- matched none of the "email" orders, and the campaign showed its spend and no revenue.
-- roi = (revenue - spend) / spend, roas = revenue / spend (NULL without spend). Channel ROI is the sum of these rows by channel.
WITH orders AS (
    SELECT user_id, order_id, min(event_time) AS order_time, sum(price * quantity) AS revenue,
        arg_min({'channel': channel, 'utm_campaign': utm_campaign}, event_time) AS attribution
    FROM silver_events
    WHERE event_type = 'purchase' AND order_id IS NOT NULL
    GROUP BY user_id, order_id
),
attributed AS (
    SELECT order_id, user_id, CAST(order_time AS DATE) AS order_date, revenue, lower(attribution.channel) AS channel, attribution.utm_campaign AS utm_campaign
    FROM orders
    WHERE attribution.channel IS NOT NULL
),
matched AS (
    SELECT c.campaign_id, count(a.order_id) AS orders, count(DISTINCT a.user_id) AS customers, coalesce(sum(a.revenue), 0) AS revenue
    FROM campaigns c
    LEFT JOIN attributed a ON a.channel = c.channel AND a.utm_campaign IS NOT DISTINCT FROM c.utm_campaign
        AND a.order_date BETWEEN c.start_date AND c.end_date
    GROUP BY c.campaign_id
)
SELECT
    c.campaign_id, c.channel, c.utm_source, c.utm_medium, c.utm_campaign, c.start_date, c.end_date,
    CAST(c.spend AS DECIMAL(18,2)) AS spend,
    CAST(m.orders AS BIGINT) AS orders,
    CAST(m.customers AS BIGINT) AS customers,
    CAST(m.revenue AS DECIMAL(18,2)) AS revenue,
    CAST(m.revenue - c.spend AS DECIMAL(18,2)) AS profit,
    CAST(CASE WHEN c.spend > 0 THEN (m.revenue - c.spend) / c.spend END AS DECIMAL(18,4)) AS roi,
    CAST(CASE WHEN c.spend > 0 THEN m.revenue / c.spend END AS DECIMAL(18,4)) AS roas
FROM campaigns c JOIN matched m USING (campaign_id)
ORDER BY c.campaign_id
