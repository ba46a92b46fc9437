-- Dashboard: revenue and buyers per category over the last 90 days (slow).
SELECT p.category, count(DISTINCT o.customer_id) AS buyers, sum(oi.quantity * oi.unit_price) AS revenue
  FROM order_items oi
  JOIN orders o ON o.id = oi.order_id
  JOIN products p ON p.id = oi.product_id
 WHERE o.created_at > now() - interval '90 days' AND o.status = 'shipped'
 GROUP BY p.category ORDER BY revenue DESC;
