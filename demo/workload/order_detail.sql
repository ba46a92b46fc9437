-- Order page: the items of one order.
\set oid random(1, 80000)
SELECT p.name, oi.quantity, oi.unit_price
  FROM order_items oi JOIN products p ON p.id = oi.product_id
 WHERE oi.order_id = :oid;
