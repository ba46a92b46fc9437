-- Dashboard: best customers of all time (slow).
SELECT u.email, sum(oi.quantity * oi.unit_price) AS spent
  FROM users u
  JOIN orders o ON o.customer_id = u.id
  JOIN order_items oi ON oi.order_id = o.id
 WHERE o.status <> 'cancelled'
 GROUP BY u.email ORDER BY spent DESC LIMIT 10;
