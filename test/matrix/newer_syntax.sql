-- Statements in syntax PostgreSQL 15's parser does not know, which the
-- libpg_query pg_insights links (17-6.1) does: on every server, each must
-- fingerprint (test/matrix/fingerprint_corpus.sh). A 15 server rejects them
-- itself; a 17 or 18 server runs them and pg_insights keys them by the
-- same fingerprint on both.

-- PostgreSQL 16: SQL/JSON constructors and predicates, non-decimal and
-- underscored integers, a subquery in FROM without an alias, SYSTEM_USER,
-- GRANT ... WITH INHERIT.
SELECT JSON_OBJECT('id': 1, 'tags': JSON_ARRAY(1, 2, 3) RETURNING jsonb);
SELECT JSON_ARRAYAGG(v ORDER BY v) FROM (VALUES (1), (2)) AS t(v);
SELECT '{"a": 1}' IS JSON OBJECT WITH UNIQUE KEYS AS ok;
SELECT 0x1F + 0o17 + 0b101 + 1_000_000 AS n;
SELECT * FROM (SELECT 1 AS one);
SELECT SYSTEM_USER;
GRANT pg_read_all_stats TO app_reader WITH INHERIT TRUE, SET FALSE;

-- PostgreSQL 17: JSON_TABLE, JSON_VALUE/JSON_QUERY/JSON_EXISTS, MERGE with
-- RETURNING and WHEN NOT MATCHED BY SOURCE, COPY ... ON_ERROR.
SELECT jt.* FROM orders o,
  JSON_TABLE(o.details, '$.items[*]' COLUMNS (
    ordinal FOR ORDINALITY,
    sku text PATH '$.sku',
    qty int PATH '$.qty' DEFAULT 1 ON EMPTY,
    NESTED PATH '$.tags[*]' COLUMNS (tag text PATH '$'))) AS jt
WHERE o.id = 42;
SELECT JSON_VALUE(details, '$.customer.id' RETURNING int) AS customer,
       JSON_QUERY(details, '$.items' WITH WRAPPER) AS items
FROM orders WHERE JSON_EXISTS(details, '$.items[*] ? (@.qty > 10)');
MERGE INTO stock s USING deliveries d ON s.item_id = d.item_id
WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty
WHEN NOT MATCHED THEN INSERT (item_id, qty) VALUES (d.item_id, d.qty)
WHEN NOT MATCHED BY SOURCE THEN DELETE
RETURNING merge_action(), s.*;
COPY stock FROM '/srv/stock.csv' WITH (FORMAT csv, ON_ERROR ignore, LOG_VERBOSITY verbose);
