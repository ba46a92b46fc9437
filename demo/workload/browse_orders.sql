-- "My orders" page: orders of one customer, newest first.
\set cid random(1, 20000)
SELECT id, status, total, created_at FROM orders WHERE customer_id = :cid ORDER BY created_at DESC LIMIT 10;
