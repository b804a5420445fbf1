-- gold/customer_products: the customer-product interactions recommenders train on (implicit feedback). Counts of
-- views, carts and purchases per customer and product; rating is the strongest signal (purchase 5, cart 3, view 1)
-- and confidence weighs them all (views + 3 * carts + 5 * purchases).
SELECT
    user_id AS customer_id,
    product_id,
    count(*) FILTER (WHERE event_type = 'view') AS views,
    count(*) FILTER (WHERE event_type = 'cart') AS carts,
    count(*) FILTER (WHERE event_type = 'purchase') AS purchases,
    CAST(CASE
        WHEN count(*) FILTER (WHERE event_type = 'purchase') > 0 THEN 5
        WHEN count(*) FILTER (WHERE event_type = 'cart') > 0 THEN 3
        ELSE 1
    END AS INTEGER) AS rating,
    count(*) FILTER (WHERE event_type = 'view') + 3 * count(*) FILTER (WHERE event_type = 'cart')
        + 5 * count(*) FILTER (WHERE event_type = 'purchase') AS confidence,
    max(event_time) AS last_interaction
FROM silver_events
WHERE event_type IN ('view', 'cart', 'purchase')
GROUP BY user_id, product_id
ORDER BY customer_id, product_id
