-- The state gold/customers_scd2 starts from before its first commit: no rows, its columns.
SELECT CAST(NULL AS BIGINT) AS customer_id, CAST(NULL AS VARCHAR) AS segment, CAST(NULL AS VARCHAR) AS country,
    CAST(NULL AS VARCHAR) AS top_category, CAST(NULL AS VARCHAR) AS rfm_segment, CAST(NULL AS VARCHAR) AS attr_hash,
    CAST(NULL AS TIMESTAMPTZ) AS valid_from, CAST(NULL AS TIMESTAMPTZ) AS valid_to, CAST(NULL AS BOOLEAN) AS is_current
WHERE false
