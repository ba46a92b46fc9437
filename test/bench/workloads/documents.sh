# shellcheck shell=bash
# documents: a jsonb document store (see ../advice_workloads.sh for the functions a workload defines)


# shellcheck disable=SC2034  # read as aw_mode_$w by aw_pgbench
aw_mode_documents=simple

aw_sets_documents() {
  cat <<'EOF'
\set cust random(1, 20000)
\set t random(1, 20)
\set did random(1, :ndocs)
EOF
}

# A customer's documents and a count of one type in one state, both as
# jsonb containment (@>) on the document body, and a primary-key read.
aw_statements_documents() {
  cat <<'EOF'
customer|slow|SELECT id, created_at FROM documents.docs WHERE body @> ('{"customer": {"id": ' || :cust::text || '}}')::jsonb;
overdue|slow|SELECT count(*) FROM documents.docs WHERE body @> ('{"type": "t' || :t::text || '", "status": "overdue"}')::jsonb;
doc|fast|SELECT id, created_at, body FROM documents.docs WHERE id = :did;
EOF
}

# customer, overdue: GIN with jsonb_path_ops (containment only: smaller
# than the default jsonb_ops)
aw_ideal_documents() {
  cat <<'EOF'
CREATE INDEX ON documents.docs USING gin (body jsonb_path_ops);
EOF
}

aw_load_documents() {
  local s=$1
  pgi_psql -v ndocs=$((300000 * s)) <<'SQL'
SET client_min_messages = warning;
SELECT setseed(0.31) \gset
DROP SCHEMA IF EXISTS documents CASCADE;
CREATE SCHEMA documents;
-- 20 types, 5 states (1% overdue), 20,000 customers, a few lines each.
CREATE TABLE documents.docs (id bigint PRIMARY KEY, created_at timestamp NOT NULL, body jsonb NOT NULL);
INSERT INTO documents.docs
  SELECT g, timestamp '2023-01-01' + g * interval '1 minute',
         jsonb_build_object(
           'type', 't' || (1 + g % 20),
           'status', CASE WHEN r < 0.01 THEN 'overdue' WHEN r < 0.20 THEN 'open' WHEN r < 0.25 THEN 'draft'
                          WHEN r < 0.95 THEN 'paid' ELSE 'void' END,
           'customer', jsonb_build_object('id', 1 + floor(random() * 20000)::int, 'country', 'c' || g % 40),
           'lines', jsonb_build_array(jsonb_build_object('sku', g % 5000, 'qty', 1 + g % 3)),
           'total', round((random() * 1000)::numeric, 2))
  FROM (SELECT g, random() AS r FROM generate_series(1, :ndocs) g) s;
VACUUM ANALYZE documents.docs;
SQL
}

aw_vars_documents() {
  pgi_psql -c "SELECT '-Dndocs=' || (SELECT max(id) FROM documents.docs)"
}
