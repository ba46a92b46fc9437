#!/usr/bin/env bash
# Attack 15: alice may read one partition (events_t1) of bob's partitioned
# table, not the table itself nor its other partition (events_t2, six times
# larger). Her statement reads events_t1 directly. Advice normally names the
# root of the partition tree, sized and judged from the parent's catalog
# and statistics, i.e. from every partition: that would tell alice about
# rows she may not see, where EXPLAIN refuses the parent. Her statement must
# be advised on as a statement on events_t1, from events_t1's own catalog
# and statistics. The attack is a leak of information, not code run as
# someone else, so the test asserts on what the advice says (no mark file).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster "insights.advice_min_ms = 0"
sec_psql bob >/dev/null <<'SQL'
CREATE TABLE public.events (id bigint NOT NULL, tenant int NOT NULL, day int NOT NULL, note text)
  PARTITION BY LIST (tenant);
CREATE TABLE public.events_t1 PARTITION OF public.events FOR VALUES IN (1);
CREATE TABLE public.events_t2 PARTITION OF public.events FOR VALUES IN (2);
INSERT INTO public.events SELECT g, 1, g % 5000, md5(g::text) FROM generate_series(1, 50000) g;
INSERT INTO public.events SELECT g, 2, g % 5000, md5(g::text) FROM generate_series(1, 300000) g;
ANALYZE public.events;
ANALYZE public.events_t1;
ANALYZE public.events_t2;
GRANT SELECT ON public.events_t1 TO alice;
SQL
pgi_psql -c "SELECT insights.reset()" >/dev/null
sec_psql alice >/dev/null <<'SQL'
SELECT id FROM public.events_t1 WHERE day = 1234;
SELECT id FROM public.events_t1 WHERE day = 1234;
SELECT id FROM public.events_t1 WHERE day = 1234;
SQL
out=$(sec_psql alice -c "EXPLAIN SELECT id FROM public.events WHERE day = 1234" 2>&1) || true
pgi_ok "control: EXPLAIN refuses alice the parent ($out)" grep -q 'permission denied for table events' <<<"$out"

advice="SELECT coalesce(string_agg(concat_ws(' | ', table_name, index_ddl, est_size_bytes, rationale), E'\n'), '')
        FROM insights.index_advice(0)"
out=$(pgi_psql -c "$advice")
echo "# advice on alice's statement: $out"
pgi_ok "her statement is advised on the partition she reads" grep -q '^events_t1 | CREATE INDEX CONCURRENTLY .* ON public.events_t1 (day)' <<<"$out"
pgi_ok "not on the parent she may not read" bash -c "! grep -Eq '^events \\||ON public.events \\(' <<<\"\$1\"" _ "$out"
pgi_ok "nor sized over the other partition's rows (50000 rows, not 350000)" grep -q 'reads all 50000 rows\|50000' <<<"$out"
pgi_ok "nor a word of 350000 rows" bash -c "! grep -q '350000' <<<\"\$1\"" _ "$out"
own=$(sec_psql alice -c "SELECT coalesce(string_agg(table_name || ' ' || index_ddl, E'\n'), '')
                        FROM insights.index_advice_for('SELECT id FROM public.events_t1 WHERE day = 1234', 0)")
pgi_ok "alice's index_advice_for() advises on the partition too ($own)" grep -q '^events_t1 .* ON public.events_t1 (day)' <<<"$own"

# Once alice may read the parent, the index belongs on it (it propagates).
pgi_psql -c "GRANT SELECT ON public.events TO alice" >/dev/null
out=$(pgi_psql -c "$advice")
pgi_ok "control: allowed to read the parent, the advice is on the parent ($out)" \
  grep -q '^events | CREATE INDEX .* ON public.events (day)' <<<"$out"
pgi_done
