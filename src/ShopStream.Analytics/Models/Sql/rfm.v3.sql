-- gold/rfm, SPEC "RFM (orders)": one row per customer.
-- Lines: non-cancelled purchases (refunds are their own event type) with quantity > 0, price > 0 and a real customer
-- id: not an anonymous buyer's, whose id is 2^61 plus the low 61 bits of MD5('anonymous:' || invoice) (StableId),
-- recomputed here from the line's order id. An invoice is the order id; REES46 purchases have none,
-- so each line is an order of its own. Duplicates are already gone in silver (SPEC "Deduplication").
-- v3: a line without an order id counts as one order by itself; v2 took its event id as the order, but a copy that
-- comes beyond the dedup horizon is an event of its own with the same event id (the fingerprint of its fields), and
-- was one order with its twin while its amount counted twice; and anonymous buyers are told by their id, not by its
-- range: v2 left out every id in [2^61, 2^62), a source's own customer ids there too.
-- v2: customers whose ids are strings (mapped into [2^62, 2^63)) count; v1 left them out with the anonymous ones,
-- which shared that range then.
WITH lines AS (
    SELECT user_id AS customer_id, order_id, event_time, price * quantity AS amount
    FROM silver_events
    WHERE event_type = 'purchase' AND quantity > 0 AND price > 0
        AND user_id IS DISTINCT FROM 2305843009213693952 + CAST(md5_number('anonymous:' || order_id) % 2305843009213693952 AS BIGINT)
),
reference AS (
    SELECT CAST(max(event_time) AS DATE) + 1 AS reference_date FROM lines
),
customers AS (
    SELECT customer_id,
        (SELECT reference_date FROM reference) - CAST(max(event_time) AS DATE) AS recency_days,
        count(DISTINCT order_id) + count(*) FILTER (WHERE order_id IS NULL) AS frequency,
        sum(amount) AS exact_monetary
    FROM lines
    GROUP BY customer_id
),
scored AS (
    SELECT *,
        NTILE(5) OVER (ORDER BY recency_days DESC, customer_id) AS r_score,
        NTILE(5) OVER (ORDER BY frequency, customer_id) AS f_score,
        NTILE(5) OVER (ORDER BY exact_monetary, customer_id) AS m_score
    FROM customers
)
SELECT
    customer_id,
    CAST(recency_days AS BIGINT) AS recency_days,
    CAST(frequency AS BIGINT) AS frequency,
    CAST(exact_monetary AS DECIMAL(18,2)) AS monetary,
    CAST(r_score AS INTEGER) AS r_score,
    CAST(f_score AS INTEGER) AS f_score,
    CAST(m_score AS INTEGER) AS m_score,
    CASE
        WHEN r_score >= 4 AND f_score >= 4 THEN 'champions'
        WHEN r_score >= 3 AND f_score >= 3 THEN 'loyal'
        WHEN r_score >= 4 AND f_score = 1 THEN 'new'
        WHEN r_score >= 4 THEN 'promising'
        WHEN r_score <= 2 AND f_score >= 3 THEN 'at_risk'
        WHEN r_score <= 2 THEN 'hibernating'
        ELSE 'need_attention'
    END AS segment
FROM scored
ORDER BY customer_id
