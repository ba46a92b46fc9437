# shellcheck shell=bash
# lookups: an identity service whose hottest statements are primary-key
# lookups that are fast already (class fast: no advice, though a covering
# twin of the primary key would make the planner's cost smaller), next to
# two slow statements that need indexes (see ../advice_workloads.sh for the
# functions a workload defines)

# shellcheck disable=SC2034  # read as aw_mode_$w by aw_pgbench
aw_mode_lookups=prepared

aw_sets_lookups() {
  cat <<'EOF2'
\set aid random(1, :naccounts)
\set tid random(1, 500)
EOF2
}

# profile: by id (the primary key), reading three narrow columns: a covering
#          twin (id) INCLUDE (created_at, email, name) would allow an
#          index-only scan, a second copy of the primary key's key.
# sso:     by (external_id, tenant_id), the primary key (tenant_id,
#          external_id) in another order: equality keys in any order.
# history, team: slow, each needs an index.
aw_statements_lookups() {
  cat <<'EOF2'
profile|fast|SELECT created_at, email, name FROM lookups.accounts WHERE id = :aid;
sso|fast|SELECT account_id, role FROM lookups.identities WHERE external_id = 'ext-' || :aid AND tenant_id = 1 + :aid % 500;
history|slow|SELECT at, ip FROM lookups.logins WHERE account_id = :aid ORDER BY at DESC LIMIT 10;
team|slow|SELECT id, name, email FROM lookups.accounts WHERE tenant_id = :tid ORDER BY created_at DESC LIMIT 20;
EOF2
}

# The lookups run 50 times a transaction: hot enough to be a visible share
# of the workload's time (index advice weighs statements that take 1% of it),
# fast all the same. The tables are small (20k accounts, 30k logins at
# scale 1) so that the slow statements take milliseconds, not seconds.
aw_repeats_lookups() {
  case $1 in
    profile | sso) echo 50 ;;
    *) echo 1 ;;
  esac
}

aw_ideal_lookups() {
  cat <<'EOF2'
CREATE INDEX ON lookups.logins (account_id, at DESC);
CREATE INDEX ON lookups.accounts (tenant_id, created_at DESC);
EOF2
}

aw_load_lookups() {
  local s=$1
  pgi_psql -v naccounts=$((20000 * s)) -v nlogins=$((30000 * s)) <<'SQL'
SET client_min_messages = warning;
SELECT setseed(0.31) \gset
DROP SCHEMA IF EXISTS lookups CASCADE;
CREATE SCHEMA lookups;
CREATE TABLE lookups.accounts (
  id bigint PRIMARY KEY, tenant_id int NOT NULL, email text NOT NULL, name text NOT NULL,
  created_at timestamp NOT NULL);
INSERT INTO lookups.accounts
  SELECT g, 1 + g % 500, 'a' || g || '@idp.test', 'Account ' || g, timestamp '2022-01-01' + random() * interval '700 days'
  FROM generate_series(1, :naccounts) g;
CREATE TABLE lookups.identities (
  tenant_id int NOT NULL, external_id text NOT NULL, account_id bigint NOT NULL, role text NOT NULL,
  PRIMARY KEY (tenant_id, external_id));
INSERT INTO lookups.identities
  SELECT 1 + g % 500, 'ext-' || g, g, CASE WHEN g % 20 = 0 THEN 'admin' ELSE 'member' END
  FROM generate_series(1, :naccounts) g;
CREATE TABLE lookups.logins (
  id bigint PRIMARY KEY, account_id bigint NOT NULL, at timestamp NOT NULL, ip text NOT NULL);
INSERT INTO lookups.logins
  SELECT g, 1 + floor(random() * :naccounts)::bigint, timestamp '2024-01-01' + random() * interval '200 days',
         '10.0.' || (g % 250) || '.' || (g % 199)
  FROM generate_series(1, :nlogins) g;
VACUUM ANALYZE lookups.accounts, lookups.identities, lookups.logins;
SQL
}

aw_vars_lookups() {
  pgi_psql -c "SELECT '-Dnaccounts=' || (SELECT max(id) FROM lookups.accounts)"
}
