-- Back office: newest pending orders.
SELECT o.id, u.email, o.total, o.created_at
  FROM orders o JOIN users u ON u.id = o.customer_id
 WHERE o.status = 'pending'
 ORDER BY o.created_at DESC LIMIT 50;
