# shellcheck shell=bash
# catalog: product search (see ../advice_workloads.sh for the functions a workload defines)


# shellcheck disable=SC2034  # read as aw_mode_$w by aw_pgbench
aw_mode_catalog=simple

aw_sets_catalog() {
  cat <<'EOF'
\set n random(1, 1000000)
\set sku random(1000, 9999)
\set pid random(1, :nprod)
\set cat random(1, 300)
EOF
}

# A search box (case-insensitive substring of the name, a few matches), a
# SKU typed from its first digits, a category's active products by price,
# and a primary-key lookup. The search terms are folded to constants
# (md5 and || are immutable), as a client would send them.
aw_statements_catalog() {
  cat <<'EOF'
search|slow|SELECT id, name, price FROM catalog.products WHERE name ILIKE '%' || substr(md5(:n::text), 1, 5) || '%';
sku|slow|SELECT id, name, price FROM catalog.products WHERE sku LIKE 'SKU-' || :sku::text || '%';
category|slow|SELECT id, name, price FROM catalog.products WHERE category_id = :cat AND active ORDER BY price LIMIT 20;
product|fast|SELECT id, name, price, stock FROM catalog.products WHERE id = :pid;
EOF
}

# search:   GIN with pg_trgm's gin_trgm_ops (no B-tree serves '%term%')
# sku:      a prefix LIKE under the database's non-C collation: text_pattern_ops
# category: composite, ORDER BY ... LIMIT
aw_ideal_catalog() {
  cat <<'EOF'
CREATE INDEX ON catalog.products USING gin (name public.gin_trgm_ops);
CREATE INDEX ON catalog.products (sku text_pattern_ops);
CREATE INDEX ON catalog.products (category_id, price);
EOF
}

aw_load_catalog() {
  local s=$1
  pgi_psql -v nprod=$((300000 * s)) <<'SQL'
SET client_min_messages = warning;
SELECT setseed(0.23) \gset
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
DROP SCHEMA IF EXISTS catalog CASCADE;
CREATE SCHEMA catalog;
-- Names: two words from a small vocabulary and a 12-hex-digit model code,
-- so a 5-digit search term matches a handful of products.
CREATE TABLE catalog.products (
  id int PRIMARY KEY, sku text NOT NULL, name text NOT NULL, category_id int NOT NULL,
  price numeric(10,2) NOT NULL, stock int NOT NULL, active bool NOT NULL);
INSERT INTO catalog.products
  SELECT g, 'SKU-' || (1000000 + g * 7 % 9000000), initcap((ARRAY['steel', 'wooden', 'compact', 'deluxe', 'classic',
           'outdoor', 'smart', 'vintage'])[1 + g % 8]) || ' ' ||
         (ARRAY['chair', 'lamp', 'kettle', 'backpack', 'speaker', 'desk', 'blender', 'jacket', 'drill'])[1 + g % 9] ||
         ' ' || substr(md5(g::text), 1, 12),
         1 + g % 300, round((5 + random() * 500)::numeric, 2), floor(random() * 100)::int, random() < 0.9
  FROM generate_series(1, :nprod) g;
VACUUM ANALYZE catalog.products;
SQL
}

aw_vars_catalog() {
  pgi_psql -c "SELECT '-Dnprod=' || (SELECT max(id) FROM catalog.products)"
}
