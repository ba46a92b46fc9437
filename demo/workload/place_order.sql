-- Checkout: a new order with one item.
\set cid random(1, 20000)
\set pid random(1, 2000)
\set qty random(1, 4)
BEGIN;
INSERT INTO orders (customer_id, status, total, created_at) VALUES (:cid, 'pending', 0, now()) RETURNING id AS order_id \gset
INSERT INTO order_items (order_id, product_id, quantity, unit_price)
SELECT :order_id, id, :qty, price FROM products WHERE id = :pid;
UPDATE orders SET total = (SELECT sum(quantity * unit_price) FROM order_items WHERE order_id = :order_id)
 WHERE id = :order_id;
END;
