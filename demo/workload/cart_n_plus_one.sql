-- Cart page written the N+1 way: the order's items, then one query per
-- product, all in one transaction (what an ORM's lazy loading does).
\set oid random(1, 80000)
\set p1 random(1, 2000)
\set p2 random(1, 2000)
\set p3 random(1, 2000)
\set p4 random(1, 2000)
\set p5 random(1, 2000)
\set p6 random(1, 2000)
\set p7 random(1, 2000)
\set p8 random(1, 2000)
\set p9 random(1, 2000)
\set p10 random(1, 2000)
\set p11 random(1, 2000)
\set p12 random(1, 2000)
\set p13 random(1, 2000)
\set p14 random(1, 2000)
\set p15 random(1, 2000)
\set p16 random(1, 2000)
\set p17 random(1, 2000)
\set p18 random(1, 2000)
\set p19 random(1, 2000)
\set p20 random(1, 2000)
\set p21 random(1, 2000)
BEGIN;
SELECT product_id FROM order_items WHERE order_id = :oid;
SELECT name, price FROM products WHERE id = :p1;
SELECT name, price FROM products WHERE id = :p2;
SELECT name, price FROM products WHERE id = :p3;
SELECT name, price FROM products WHERE id = :p4;
SELECT name, price FROM products WHERE id = :p5;
SELECT name, price FROM products WHERE id = :p6;
SELECT name, price FROM products WHERE id = :p7;
SELECT name, price FROM products WHERE id = :p8;
SELECT name, price FROM products WHERE id = :p9;
SELECT name, price FROM products WHERE id = :p10;
SELECT name, price FROM products WHERE id = :p11;
SELECT name, price FROM products WHERE id = :p12;
SELECT name, price FROM products WHERE id = :p13;
SELECT name, price FROM products WHERE id = :p14;
SELECT name, price FROM products WHERE id = :p15;
SELECT name, price FROM products WHERE id = :p16;
SELECT name, price FROM products WHERE id = :p17;
SELECT name, price FROM products WHERE id = :p18;
SELECT name, price FROM products WHERE id = :p19;
SELECT name, price FROM products WHERE id = :p20;
SELECT name, price FROM products WHERE id = :p21;
COMMIT;
