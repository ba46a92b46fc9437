-- Product page: the product and cheaper alternatives in its category.
\set pid random(1, 2000)
SELECT id, sku, name, category, price FROM products WHERE id = :pid;
SELECT id, name, price FROM products
 WHERE category = (SELECT category FROM products WHERE id = :pid) AND id <> :pid
 ORDER BY price LIMIT 5;
