// Every pool advice rule on hand-made inputs, edge cases included.
//
// The baseline: 4 cores, data cached (core budget 2 × 4 + 0 = 8), an hour of
// samples with busy connections p50 3, p95 6, p99 7.5, two client groups,
// 72,000 calls in an hour at 100 ms (Little's law: 2.0 busy), roles "app"
// (p99 120 ms) and "report" (p99 4 s).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/pool/advice.h"

using namespace insights::pool;

namespace {

WindowActivity baseline_activity() {
  WindowActivity a;
  a.window_seconds = 3600;
  a.seconds_covered = 3600;
  a.samples = 36000;
  a.active = {2.4, 2.5, 5.0, 6.0, 8.0};
  a.idle_in_transaction = {0.6, 0.5, 1.0, 1.5, 3.0};
  a.busy = {3.0, 3.0, 6.0, 7.5, 9.0};
  a.connections = {10.0, 10.0, 14.0, 20.0, 25.0};
  a.mean_idle = 7.0;
  a.shares = {0.8, 0.1, 0.05, 0.05, 0.0, 0.0};
  a.longest_idle_in_transaction_ms = 8000;
  a.p95_idle_in_transaction_ms = 2000;
  return a;
}

WorkloadFacts baseline_workload() {
  WorkloadFacts w;
  w.calls = 72000;
  w.total_ms = 7'200'000;
  w.elapsed_seconds = 3600;
  w.distinct_statements = 40;
  w.shared_blks_hit = 99500;
  w.shared_blks_read = 500;
  w.roles = {{"app", 70000, 120.0, 900.0}, {"report", 2000, 4000.0, 30000.0}};
  return w;
}

ServerFacts baseline_server() {
  ServerFacts s;
  s.cores = 4;
  s.max_connections = 100;
  s.superuser_reserved_connections = 3;
  s.total_ram_bytes = 16ull << 30;
  s.shared_buffers_bytes = 4ull << 30;
  s.work_mem_kb = 4096;
  s.client_connections = 22;
  s.sample_interval_ms = 100;
  return s;
}

class PoolAdvice : public ::testing::Test {
 protected:
  WindowActivity activity = baseline_activity();
  InstanceEstimate instances{2, {"api", "worker"}};
  WorkloadFacts workload = baseline_workload();
  ServerFacts server = baseline_server();
  AdviceRequest request;

  std::vector<AdviceRow> rows() const { return advise(activity, instances, workload, server, request); }

  // The one row for target/setting; fails the test when there is not exactly one.
  AdviceRow row(const std::string& target, const std::string& setting) const {
    const std::vector<AdviceRow> all = rows();
    const AdviceRow* found = nullptr;
    int count = 0;
    for (const AdviceRow& r : all) {
      if (r.target == target && r.setting == setting) {
        found = &r;
        ++count;
      }
    }
    EXPECT_EQ(count, 1) << target << " " << setting;
    return found != nullptr ? *found : AdviceRow{};
  }

  std::string recommended(const std::string& target, const std::string& setting) const {
    const AdviceRow r = row(target, setting);
    EXPECT_TRUE(r.recommended_value.has_value()) << target << " " << setting << ": " << r.rationale;
    return r.recommended_value.value_or("<null>");
  }

  std::vector<AdviceRow> warnings() const {
    std::vector<AdviceRow> out;
    for (const AdviceRow& r : rows()) {
      if (r.target == kTargetWarning) out.push_back(r);
    }
    return out;
  }

  bool has_warning(const std::string& name) const {
    for (const AdviceRow& r : warnings()) {
      if (r.setting == name) return true;
    }
    return false;
  }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

#define EXPECT_CONTAINS(text, part) EXPECT_TRUE(contains((text), (part))) << "missing «" << (part) << "» in: " << (text)

}  // namespace

// --- the rows and their order ---

TEST_F(PoolAdvice, EverySettingInOrder) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"postgresql", "max_connections"},
      {"postgresql", "statement_timeout"},
      {"postgresql", "statement_timeout"},
      {"postgresql", "idle_in_transaction_session_timeout"},
      {"postgresql", "work_mem"},
      {"pgbouncer", "pool_mode"},
      {"pgbouncer", "default_pool_size"},
      {"pgbouncer", "min_pool_size"},
      {"pgbouncer", "reserve_pool_size"},
      {"pgbouncer", "max_client_conn"},
      {"pgbouncer", "max_db_connections"},
      {"pgbouncer", "query_wait_timeout"},
      {"sqlalchemy", "pool_size"},
      {"sqlalchemy", "max_overflow"},
      {"sqlalchemy", "pool_timeout"},
      {"sqlalchemy", "pool_recycle"},
      {"sqlalchemy", "pool_pre_ping"},
      {"go database/sql", "SetMaxOpenConns"},
      {"go database/sql", "SetMaxIdleConns"},
      {"go database/sql", "SetConnMaxLifetime"},
      {"go database/sql", "SetConnMaxIdleTime"},
      {"hikaricp", "maximumPoolSize"},
      {"hikaricp", "minimumIdle"},
      {"hikaricp", "connectionTimeout"},
      {"hikaricp", "maxLifetime"},
      {"node-postgres", "max"},
      {"node-postgres", "idleTimeoutMillis"},
      {"node-postgres", "connectionTimeoutMillis"},
  };
  const std::vector<AdviceRow> all = rows();
  ASSERT_EQ(all.size(), expected.size());  // the baseline raises no warning
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].target, expected[i].first) << i;
    EXPECT_EQ(all[i].setting, expected[i].second) << i;
    EXPECT_TRUE(all[i].recommended_value.has_value()) << all[i].setting;
    EXPECT_FALSE(all[i].rationale.empty()) << all[i].setting;
  }
}

// --- postgresql ---

TEST_F(PoolAdvice, MaxConnectionsLeavesHeadroomForAdminAndSuperuser) {
  // clients max(peak 25, 22 now, 2 pools × 4) = 25, admin max(3, ceil(2.5)) = 3,
  // superuser 3: 31.
  const AdviceRow r = row("postgresql", "max_connections");
  EXPECT_EQ(r.current_value, "100");
  EXPECT_EQ(r.recommended_value, "31");
  EXPECT_CONTAINS(r.rationale, "31 = 25 client connections");
  EXPECT_CONTAINS(r.rationale, "peak sampled 25, 22 now, 2 pools × 4 planned");
  EXPECT_CONTAINS(r.rationale, "3 superuser_reserved_connections");

  server.reserved_connections = 5;
  server.client_connections = 60;  // now above the sampled peak
  // clients 60, admin 6, superuser 3, reserved 5.
  EXPECT_EQ(recommended("postgresql", "max_connections"), "74");
  EXPECT_CONTAINS(row("postgresql", "max_connections").rationale, "+ 5 reserved_connections");
}

TEST_F(PoolAdvice, MaxConnectionsCoversThePlannedPools) {
  request.app_instances = 40;                                     // 40 pools of 1 (the budget is 8): 40 clients planned
  EXPECT_EQ(recommended("postgresql", "max_connections"), "47");  // 40 + 4 + 3
}

TEST_F(PoolAdvice, StatementTimeoutPerRoleFromP99) {
  std::vector<AdviceRow> timeouts;
  for (const AdviceRow& r : rows()) {
    if (r.setting == "statement_timeout") timeouts.push_back(r);
  }
  ASSERT_EQ(timeouts.size(), 2u);
  // app: 5 × 120 ms = 600 ms, below the 1 s floor.
  EXPECT_EQ(timeouts[0].recommended_value, "ALTER ROLE \"app\" SET statement_timeout = '1s'");
  EXPECT_EQ(timeouts[0].current_value, "0");
  EXPECT_CONTAINS(timeouts[0].rationale, "p99 latency 120.0 ms over 70,000 calls");
  EXPECT_FALSE(contains(timeouts[0].rationale, "would have been cancelled"));  // max 900 ms < 1 s
  // report: 5 × 4 s = 20 s; its slowest call (30 s) would have been cancelled.
  EXPECT_EQ(timeouts[1].recommended_value, "ALTER ROLE \"report\" SET statement_timeout = '20s'");
  EXPECT_CONTAINS(timeouts[1].rationale, "30.0 s, would have been cancelled");
}

TEST_F(PoolAdvice, StatementTimeoutRoundsUpToMinutesAndQuotesRoles) {
  server.statement_timeout_ms = 30000;
  workload.roles = {{"Batch \"nightly\"", 500, 25000.0, 20000.0}, {"rare", 99, 50.0, 60.0}};
  std::vector<AdviceRow> timeouts;
  for (const AdviceRow& r : rows()) {
    if (r.setting == "statement_timeout") timeouts.push_back(r);
  }
  ASSERT_EQ(timeouts.size(), 2u);
  // 5 × 25 s = 125 s: whole minutes above a minute.
  EXPECT_EQ(timeouts[0].recommended_value, "ALTER ROLE \"Batch \"\"nightly\"\"\" SET statement_timeout = '3min'");
  EXPECT_EQ(timeouts[0].current_value, "30s");
  // 99 calls are too few for a p99.
  EXPECT_FALSE(timeouts[1].recommended_value.has_value());
  EXPECT_CONTAINS(timeouts[1].rationale, "only 99 statement calls by role \"rare\"; 100 are needed");
}

TEST_F(PoolAdvice, StatementTimeoutWithoutRoles) {
  workload.roles.clear();
  const AdviceRow r = row("postgresql", "statement_timeout");
  EXPECT_FALSE(r.recommended_value.has_value());
  EXPECT_CONTAINS(r.rationale, "no per-role latency recorded");
}

TEST_F(PoolAdvice, IdleInTransactionTimeoutFromObservedSpans) {
  // 2 × p95 2 s = 4 s, below the 1 min floor.
  AdviceRow r = row("postgresql", "idle_in_transaction_session_timeout");
  EXPECT_EQ(r.current_value, "0");
  EXPECT_EQ(r.recommended_value, "1min");
  EXPECT_CONTAINS(r.rationale, "p95 2.0 s, longest 8.0 s over 3,600 s sampled every 100 ms");

  activity.p95_idle_in_transaction_ms = 90'000;  // 2 × 90 s = 3 min
  activity.longest_idle_in_transaction_ms = 120'000;
  server.idle_in_transaction_session_timeout_ms = 600'000;
  r = row("postgresql", "idle_in_transaction_session_timeout");
  EXPECT_EQ(r.current_value, "10min");
  EXPECT_EQ(r.recommended_value, "3min");
  EXPECT_FALSE(contains(r.rationale, "would have been terminated"));

  activity.p95_idle_in_transaction_ms = 10'000;  // 1 min; the 2 min span is cut
  r = row("postgresql", "idle_in_transaction_session_timeout");
  EXPECT_EQ(r.recommended_value, "1min");
  EXPECT_CONTAINS(r.rationale, "would have been terminated");
}

TEST_F(PoolAdvice, IdleInTransactionTimeoutWhenNoneWasSeen) {
  activity.p95_idle_in_transaction_ms = 0;
  activity.longest_idle_in_transaction_ms = 0;
  const AdviceRow r = row("postgresql", "idle_in_transaction_session_timeout");
  EXPECT_EQ(r.recommended_value, "1min");
  EXPECT_CONTAINS(r.rationale, "No session idle in transaction");
}

TEST_F(PoolAdvice, WorkMemKeptWithoutSpills) {
  // Budget (16 GiB − 4 GiB) / (3 × 31) = 135,300 kB, floored to 132MB; no
  // spills, so the current 4MB stays.
  const AdviceRow r = row("postgresql", "work_mem");
  EXPECT_EQ(r.current_value, "4MB");
  EXPECT_EQ(r.recommended_value, "4MB");
  EXPECT_CONTAINS(r.rationale,
                  "(RAM 16.0 GB − shared_buffers 4.0 GB) / (3 × 31 max_connections, as recommended "
                  "above) = 132MB");
  EXPECT_CONTAINS(r.rationale, "No temp blocks written in 72,000 calls");
}

TEST_F(PoolAdvice, WorkMemCoversSpillsWithinTheBudget) {
  workload.temp_blks_written = 128'000;  // 1,000 MB of 8 kB blocks
  workload.spilling_calls = 100;         // 10 MB each; twice that in memory
  AdviceRow r = row("postgresql", "work_mem");
  EXPECT_EQ(r.recommended_value, "20MB");
  EXPECT_CONTAINS(r.rationale, "128,000 temp blocks (1,000.0 MB) written by 100 spilling calls of 72,000: 10.0 MB");

  workload.spilling_calls = 1;  // 2,000 MB needed: capped at the budget
  r = row("postgresql", "work_mem");
  EXPECT_EQ(r.recommended_value, "132MB");
  EXPECT_CONTAINS(r.rationale, "raise work_mem only where the spills happen");
}

TEST_F(PoolAdvice, WorkMemAboveTheBudgetComesDown) {
  server.work_mem_kb = 512 * 1024;
  activity.seconds_covered = 10;  // no max_connections recommendation: the current 100 is used
  // (16 GiB − 4 GiB) / 300 = 41,943 kB → 40MB.
  const AdviceRow r = row("postgresql", "work_mem");
  EXPECT_EQ(r.current_value, "512MB");
  EXPECT_EQ(r.recommended_value, "40MB");
  EXPECT_CONTAINS(r.rationale, "(3 × 100 max_connections)");
  EXPECT_CONTAINS(r.rationale, "but above the budget");
}

TEST_F(PoolAdvice, WorkMemNeedsTheRam) {
  server.total_ram_bytes = 0;
  EXPECT_FALSE(row("postgresql", "work_mem").recommended_value.has_value());
  EXPECT_CONTAINS(row("postgresql", "work_mem").rationale, "total RAM is unknown");
  server.total_ram_bytes = server.shared_buffers_bytes;
  EXPECT_CONTAINS(row("postgresql", "work_mem").rationale, "not above shared_buffers");
}

TEST_F(PoolAdvice, WorkMemFloorIsPostgresMinimum) {
  server.total_ram_bytes = (4ull << 30) + (1ull << 20);  // 1 MB to spare for 31 × 3
  EXPECT_EQ(recommended("postgresql", "work_mem"), "64kB");
}

// --- pgbouncer ---

TEST_F(PoolAdvice, PgbouncerFollowsTheMeasuredDemandWithinTheBudget) {
  EXPECT_EQ(recommended("pgbouncer", "pool_mode"), "transaction");
  EXPECT_CONTAINS(row("pgbouncer", "pool_mode").rationale, "Mean 10.0 client connections, 3.0 busy and 7.0 idle");
  EXPECT_CONTAINS(row("pgbouncer", "pool_mode").rationale,
                  "max_prepared_statements (above the 40 distinct statements recorded)");
  EXPECT_EQ(recommended("pgbouncer", "default_pool_size"), "6");    // ceil(p95 6.0)
  EXPECT_EQ(recommended("pgbouncer", "min_pool_size"), "3");        // ceil(p50 3.0)
  EXPECT_EQ(recommended("pgbouncer", "reserve_pool_size"), "2");    // ceil(p99 7.5) − 6
  EXPECT_EQ(recommended("pgbouncer", "max_db_connections"), "8");   // 2 × 4 + 0
  EXPECT_EQ(recommended("pgbouncer", "max_client_conn"), "32");     // ceil(1.25 × 25)
  EXPECT_EQ(recommended("pgbouncer", "query_wait_timeout"), "20");  // 5 × 4 s
  EXPECT_FALSE(row("pgbouncer", "pool_mode").current_value.has_value());
}

TEST_F(PoolAdvice, RationalesNameTheirSourcesAndInputs) {
  const std::string r = row("pgbouncer", "default_pool_size").rationale;
  EXPECT_CONTAINS(r, "PgBouncer docs");
  EXPECT_CONTAINS(r, "p50 3.0, p95 6.0, p99 7.5 over 3,600 s (36,000 samples at 100 ms)");
  EXPECT_CONTAINS(r, "core budget 8 = 2 × 4 cores + 0 effective spindles");
  EXPECT_CONTAINS(r, "PostgreSQL wiki \"Number Of Database Connections\"");
  EXPECT_CONTAINS(r, "HikariCP \"About Pool Sizing\"");
  EXPECT_CONTAINS(r, "cache hit ratio 99.5%: data cached");
  EXPECT_CONTAINS(r,
                  "Little's law: 20.0 calls/s × 100.0 ms = 2.0 busy on average; sampled mean active 2.4 (ratio 0.83)");
  EXPECT_CONTAINS(row("postgresql", "work_mem").rationale, "PgTune");
  EXPECT_CONTAINS(row("pgbouncer", "query_wait_timeout").rationale, "5 × p99 4.0 s of role \"report\"");
}

TEST_F(PoolAdvice, UncachedDataCountsOneSpindle) {
  workload.shared_blks_hit = 900;
  workload.shared_blks_read = 100;  // 90%
  EXPECT_EQ(recommended("pgbouncer", "max_db_connections"), "9");
  EXPECT_CONTAINS(row("pgbouncer", "max_db_connections").rationale,
                  "core budget 9 = 2 × 4 cores + 1 effective spindle (");
  EXPECT_CONTAINS(row("pgbouncer", "max_db_connections").rationale, "cache hit ratio 90.0%, under 99%");
}

TEST_F(PoolAdvice, BudgetIsCutByMaxConnections) {
  server.max_connections = 10;  // 7 available after 3 superuser slots
  EXPECT_EQ(recommended("pgbouncer", "max_db_connections"), "7");
  EXPECT_EQ(recommended("pgbouncer", "default_pool_size"), "6");
  EXPECT_EQ(recommended("pgbouncer", "reserve_pool_size"), "1");
  EXPECT_CONTAINS(row("pgbouncer", "max_db_connections").rationale, "cut to 7 by max_connections 10 less 3 reserved");
}

// --- application pools ---

TEST_F(PoolAdvice, ClientPoolsSplitTheBudgetOverInferredInstances) {
  // 2 pools: max floor(8 / 2) = 4, steady ceil(6 / 2) = 3.
  EXPECT_EQ(recommended("sqlalchemy", "pool_size"), "3");
  EXPECT_EQ(recommended("sqlalchemy", "max_overflow"), "1");
  EXPECT_EQ(recommended("go database/sql", "SetMaxOpenConns"), "4");
  EXPECT_EQ(recommended("go database/sql", "SetMaxIdleConns"), "3");
  EXPECT_EQ(recommended("hikaricp", "maximumPoolSize"), "4");
  EXPECT_EQ(recommended("hikaricp", "minimumIdle"), "4");  // fixed-size, as HikariCP recommends
  EXPECT_EQ(recommended("node-postgres", "max"), "4");
  EXPECT_CONTAINS(row("hikaricp", "maximumPoolSize").rationale,
                  "2 pools = 2 app instances (inferred from client groups: api, worker) × 1 worker per instance: "
                  "floor(8 / 2) = 4");
}

TEST_F(PoolAdvice, GivenInstancesAndWorkersOverrideTheInference) {
  request.app_instances = 2;
  request.workers_per_instance = 2;  // 4 pools: max floor(8 / 4) = 2, steady ceil(6 / 4) = 2
  EXPECT_EQ(recommended("sqlalchemy", "pool_size"), "2");
  EXPECT_EQ(recommended("sqlalchemy", "max_overflow"), "0");
  EXPECT_EQ(recommended("hikaricp", "maximumPoolSize"), "2");
  EXPECT_CONTAINS(row("node-postgres", "max").rationale,
                  "4 pools = 2 app instances (given) × 2 workers per instance: floor(8 / 4) = 2");

  request.app_instances = 3;
  request.workers_per_instance = 1;  // floor(8 / 3) = 2
  EXPECT_EQ(recommended("go database/sql", "SetMaxOpenConns"), "2");
}

TEST_F(PoolAdvice, OneInstanceIsAssumedWithoutGroups) {
  instances = {};
  EXPECT_EQ(recommended("hikaricp", "maximumPoolSize"), "8");
  EXPECT_EQ(recommended("sqlalchemy", "pool_size"), "6");
  EXPECT_EQ(recommended("sqlalchemy", "max_overflow"), "2");
  EXPECT_CONTAINS(row("sqlalchemy", "pool_size").rationale,
                  "1 app instance (assumed: no client group seen in the window; pass app_instances)");
}

TEST_F(PoolAdvice, MorePoolsThanTheBudgetGetOneEachAndAWordAboutPgbouncer) {
  request.app_instances = 12;
  EXPECT_EQ(recommended("node-postgres", "max"), "1");
  EXPECT_EQ(recommended("sqlalchemy", "pool_size"), "1");
  EXPECT_EQ(recommended("sqlalchemy", "max_overflow"), "0");
  EXPECT_CONTAINS(row("node-postgres", "max").rationale, "floor(8 / 12) is 0, so 1 each");
  EXPECT_CONTAINS(row("node-postgres", "max").rationale, "put PgBouncer in front");
}

TEST_F(PoolAdvice, NonsenseRequestValuesAreTreatedAsOne) {
  request.app_instances = 0;
  request.workers_per_instance = -3;
  EXPECT_EQ(recommended("hikaricp", "maximumPoolSize"), "8");
  EXPECT_CONTAINS(row("hikaricp", "maximumPoolSize").rationale,
                  "1 pool = 1 app instance (given) × 1 worker per instance");
}

TEST_F(PoolAdvice, TimeoutsAndLifetimesInEachTargetsSyntax) {
  EXPECT_EQ(recommended("sqlalchemy", "pool_timeout"), "20");
  EXPECT_EQ(recommended("sqlalchemy", "pool_recycle"), "1800");
  EXPECT_EQ(recommended("sqlalchemy", "pool_pre_ping"), "True");
  EXPECT_EQ(recommended("go database/sql", "SetConnMaxLifetime"), "30 * time.Minute");
  EXPECT_EQ(recommended("go database/sql", "SetConnMaxIdleTime"), "5 * time.Minute");
  EXPECT_EQ(recommended("hikaricp", "connectionTimeout"), "20000");
  EXPECT_EQ(recommended("hikaricp", "maxLifetime"), "1800000");
  EXPECT_EQ(recommended("node-postgres", "idleTimeoutMillis"), "300000");
  EXPECT_EQ(recommended("node-postgres", "connectionTimeoutMillis"), "20000");
}

TEST_F(PoolAdvice, AcquireTimeoutStaysWithinFiveToThirtySeconds) {
  workload.roles = {{"app", 70000, 120.0, 900.0}};  // 5 × 120 ms = 0.6 s → 5 s
  EXPECT_EQ(recommended("sqlalchemy", "pool_timeout"), "5");
  EXPECT_EQ(recommended("pgbouncer", "query_wait_timeout"), "5");
  workload.roles = {{"etl", 500, 60000.0, 90000.0}};  // 5 min → 30 s
  EXPECT_EQ(recommended("hikaricp", "connectionTimeout"), "30000");
  workload.roles = {{"app", 70000, 1300.0, 2000.0}};  // 6.5 s → 7 s
  EXPECT_EQ(recommended("node-postgres", "connectionTimeoutMillis"), "7000");
}

TEST_F(PoolAdvice, AcquireTimeoutNeedsARoleWithEnoughCalls) {
  workload.roles = {{"app", 50, 120.0, 900.0}};
  const AdviceRow r = row("sqlalchemy", "pool_timeout");
  EXPECT_FALSE(r.recommended_value.has_value());
  EXPECT_CONTAINS(r.rationale, "no role has 100 statement calls");
}

TEST_F(PoolAdvice, IdleCloseStaysUnderTheServersIdleSessionTimeout) {
  server.idle_session_timeout_ms = 120'000;
  EXPECT_EQ(recommended("go database/sql", "SetConnMaxIdleTime"), "time.Minute");
  EXPECT_EQ(recommended("node-postgres", "idleTimeoutMillis"), "60000");
  EXPECT_CONTAINS(row("node-postgres", "idleTimeoutMillis").rationale, "idle_session_timeout 2min");
  EXPECT_CONTAINS(row("sqlalchemy", "pool_pre_ping").rationale, "idle_session_timeout 2min");
  server.idle_session_timeout_ms = 3'600'000;  // half is an hour: 5 min still
  EXPECT_EQ(recommended("node-postgres", "idleTimeoutMillis"), "300000");
}

// --- warnings ---

TEST_F(PoolAdvice, ConnectionsNearMaxConnections) {
  server.client_connections = 78;  // 80% of 97 is 77.6
  const std::vector<AdviceRow> w = warnings();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].setting, "connections_near_max");
  EXPECT_EQ(w[0].current_value, "78 of 97");
  EXPECT_FALSE(w[0].recommended_value.has_value());
  EXPECT_CONTAINS(w[0].rationale, "too many clients already");

  server.client_connections = 77;
  EXPECT_FALSE(has_warning("connections_near_max"));
  activity.connections.max = 90;  // the sampled peak counts too
  EXPECT_TRUE(has_warning("connections_near_max"));
}

TEST_F(PoolAdvice, ManyIdleConnections) {
  activity.mean_idle = 9.9;  // under max(10, budget 8)
  EXPECT_FALSE(has_warning("many_idle_connections"));
  activity.mean_idle = 10.0;
  ASSERT_TRUE(has_warning("many_idle_connections"));
  EXPECT_EQ(warnings()[0].current_value, "10.0 idle");
  EXPECT_CONTAINS(warnings()[0].rationale, "would serve these clients with about 6 server connections");

  server.cores = 16;  // capacity 32: 10 idle is not many
  EXPECT_FALSE(has_warning("many_idle_connections"));
}

TEST_F(PoolAdvice, LongIdleInTransaction) {
  activity.longest_idle_in_transaction_ms = 59'999;
  EXPECT_FALSE(has_warning("long_idle_in_transaction"));
  activity.longest_idle_in_transaction_ms = 750'000;
  ASSERT_TRUE(has_warning("long_idle_in_transaction"));
  EXPECT_EQ(warnings()[0].current_value, "12.5 min");
}

TEST_F(PoolAdvice, SaturatedPool) {
  activity.active.p50 = 7.9;
  EXPECT_FALSE(has_warning("saturated_pool"));
  activity.active.p50 = 8.0;  // the budget
  ASSERT_TRUE(has_warning("saturated_pool"));
  EXPECT_EQ(warnings()[0].current_value, "p50 active 8.0 of 8");
}

TEST_F(PoolAdvice, WaitsOnClientsAndTimersNeedNoCore) {
  // 12 busy connections, nearly all asleep (pg_sleep: a Timeout wait) or
  // waiting on their clients: 4 cores carry them all.
  activity.busy = {11.9, 12.0, 12.0, 12.0, 12.0};
  activity.active = {11.9, 12.0, 12.0, 12.0, 12.0};
  activity.shares = {0.05, 0.0, 0.0, 0.0, 0.15, 0.80};
  EXPECT_EQ(recommended("pgbouncer", "max_db_connections"), "97");  // ceil(8 / 0.05) = 160, cut by 100 − 3
  EXPECT_EQ(recommended("pgbouncer", "default_pool_size"), "12");  // the measured demand
  EXPECT_CONTAINS(row("pgbouncer", "max_db_connections").rationale, "only 5% of the active time used CPU, IO or locks");
  EXPECT_FALSE(has_warning("saturated_pool"));
  // Lock waits do use the server: no extra capacity for them.
  activity.shares = {0.05, 0.0, 0.95, 0.0, 0.0, 0.0};
  EXPECT_EQ(recommended("pgbouncer", "max_db_connections"), "8");
}

// --- edge cases ---

TEST_F(PoolAdvice, OneCore) {
  server.cores = 1;  // budget 2
  EXPECT_EQ(recommended("pgbouncer", "max_db_connections"), "2");
  EXPECT_EQ(recommended("pgbouncer", "default_pool_size"), "2");  // p95 6 capped
  EXPECT_EQ(recommended("pgbouncer", "min_pool_size"), "2");      // p50 3 capped by the pool
  EXPECT_EQ(recommended("pgbouncer", "reserve_pool_size"), "0");
  EXPECT_EQ(recommended("hikaricp", "maximumPoolSize"), "1");  // 2 pools
  EXPECT_EQ(recommended("sqlalchemy", "pool_size"), "1");
  EXPECT_EQ(recommended("sqlalchemy", "max_overflow"), "0");
  EXPECT_TRUE(has_warning("saturated_pool"));  // p50 active 2.5 ≥ 2
  EXPECT_CONTAINS(row("pgbouncer", "max_db_connections").rationale, "2 × 1 core + 0 effective spindles");
}

TEST_F(PoolAdvice, ZeroOrNegativeCoresCountAsOne) {
  server.cores = 0;
  EXPECT_EQ(recommended("pgbouncer", "max_db_connections"), "2");
  server.cores = -4;
  EXPECT_EQ(recommended("pgbouncer", "max_db_connections"), "2");
}

TEST_F(PoolAdvice, ZeroThroughput) {
  workload = WorkloadFacts{};
  workload.elapsed_seconds = 3600;
  // Everything latency-based waits for statements; pool sizes still follow the samples.
  for (const auto& [target, setting] :
       std::vector<std::pair<std::string, std::string>>{{"postgresql", "statement_timeout"},
                                                        {"postgresql", "work_mem"},
                                                        {"pgbouncer", "query_wait_timeout"},
                                                        {"sqlalchemy", "pool_timeout"},
                                                        {"hikaricp", "connectionTimeout"},
                                                        {"node-postgres", "connectionTimeoutMillis"}}) {
    const AdviceRow r = row(target, setting);
    EXPECT_FALSE(r.recommended_value.has_value()) << setting;
    EXPECT_EQ(r.rationale, "No recommendation: only 0 statement calls recorded; 100 are needed.") << setting;
  }
  EXPECT_EQ(recommended("pgbouncer", "default_pool_size"), "6");
  EXPECT_CONTAINS(row("pgbouncer", "default_pool_size").rationale,
                  "Little's law not checked: only 0 statement calls recorded");
  EXPECT_CONTAINS(row("pgbouncer", "default_pool_size").rationale, "cache hit ratio unknown: data assumed cached");
  EXPECT_EQ(recommended("sqlalchemy", "pool_recycle"), "1800");  // not measured
}

TEST_F(PoolAdvice, AllIdle) {
  activity.active = {};
  activity.idle_in_transaction = {};
  activity.busy = {};
  activity.connections = {40.0, 40.0, 40.0, 40.0, 40.0};
  activity.mean_idle = 40.0;
  activity.shares = {};
  activity.longest_idle_in_transaction_ms = 0;
  activity.p95_idle_in_transaction_ms = 0;
  EXPECT_EQ(recommended("pgbouncer", "default_pool_size"), "1");
  EXPECT_EQ(recommended("pgbouncer", "min_pool_size"), "0");
  EXPECT_EQ(recommended("pgbouncer", "reserve_pool_size"), "0");
  EXPECT_EQ(recommended("sqlalchemy", "pool_size"), "1");
  EXPECT_EQ(recommended("sqlalchemy", "max_overflow"), "3");
  EXPECT_CONTAINS(row("pgbouncer", "default_pool_size").rationale, "(no ratio: nothing sampled active)");
  const std::vector<AdviceRow> w = warnings();
  ASSERT_EQ(w.size(), 1u);  // no lock or saturation warning without activity
  EXPECT_EQ(w[0].setting, "many_idle_connections");
  EXPECT_EQ(w[0].current_value, "40.0 idle");
}

TEST_F(PoolAdvice, AllWaitingOnLocks) {
  activity.shares = {0.0, 0.0, 1.0, 0.0, 0.0, 0.0};
  const std::vector<AdviceRow> w = warnings();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].setting, "lock_waits_dominate");
  EXPECT_EQ(w[0].current_value, "100.0% of active time");
  EXPECT_CONTAINS(w[0].rationale, "will not add throughput");

  activity.shares = {0.5, 0.01, 0.29, 0.2, 0.0, 0.0};  // Lock + LWLock = 49%
  EXPECT_FALSE(has_warning("lock_waits_dominate"));
}

TEST_F(PoolAdvice, TooFewSecondsOfSamples) {
  activity.seconds_covered = 59;
  activity.samples = 590;
  const std::string missing = "No recommendation: only 59 s of samples in the window (590 samples); 60 s are needed.";
  for (const auto& [target, setting] :
       std::vector<std::pair<std::string, std::string>>{{"postgresql", "max_connections"},
                                                        {"postgresql", "idle_in_transaction_session_timeout"},
                                                        {"pgbouncer", "pool_mode"},
                                                        {"pgbouncer", "default_pool_size"},
                                                        {"pgbouncer", "min_pool_size"},
                                                        {"pgbouncer", "reserve_pool_size"},
                                                        {"pgbouncer", "max_client_conn"},
                                                        {"pgbouncer", "max_db_connections"},
                                                        {"sqlalchemy", "pool_size"},
                                                        {"sqlalchemy", "max_overflow"},
                                                        {"go database/sql", "SetMaxOpenConns"},
                                                        {"go database/sql", "SetMaxIdleConns"},
                                                        {"hikaricp", "maximumPoolSize"},
                                                        {"hikaricp", "minimumIdle"},
                                                        {"node-postgres", "max"}}) {
    const AdviceRow r = row(target, setting);
    EXPECT_FALSE(r.recommended_value.has_value()) << setting;
    EXPECT_EQ(r.rationale, missing) << setting;
  }
  // The current values are still shown; latency rules and constants still answer.
  EXPECT_EQ(row("postgresql", "max_connections").current_value, "100");
  EXPECT_EQ(recommended("pgbouncer", "query_wait_timeout"), "20");
  EXPECT_EQ(recommended("hikaricp", "maxLifetime"), "1800000");
  // Warnings about what the samples show need the samples.
  activity.mean_idle = 50;
  activity.shares = {0.0, 0.0, 1.0, 0.0, 0.0, 0.0};
  EXPECT_TRUE(warnings().empty());
  // ... but the connections now are a fact without them.
  server.client_connections = 90;
  ASSERT_EQ(warnings().size(), 1u);
  EXPECT_EQ(warnings()[0].setting, "connections_near_max");
  EXPECT_EQ(warnings()[0].current_value, "90 of 97");
}

TEST_F(PoolAdvice, TooFewStatementCalls) {
  workload.calls = 99;
  EXPECT_FALSE(row("postgresql", "work_mem").recommended_value.has_value());
  EXPECT_EQ(row("postgresql", "statement_timeout").rationale,
            "No recommendation: only 99 statement calls recorded; 100 are needed.");
  EXPECT_FALSE(row("sqlalchemy", "pool_timeout").recommended_value.has_value());
}

TEST_F(PoolAdvice, NoDataAtAll) {
  const std::vector<AdviceRow> all = advise(WindowActivity{}, InstanceEstimate{}, WorkloadFacts{}, ServerFacts{}, {});
  int recommended_rows = 0;
  for (const AdviceRow& r : all) {
    EXPECT_NE(r.target, kTargetWarning);
    if (r.recommended_value) ++recommended_rows;
  }
  // Only the settings not derived from measurements: pool_recycle,
  // pool_pre_ping, SetConnMaxLifetime, SetConnMaxIdleTime, maxLifetime,
  // idleTimeoutMillis.
  EXPECT_EQ(recommended_rows, 6);
}

TEST_F(PoolAdvice, NonFiniteInputsDoNotLeak) {
  workload.total_ms = NAN;
  workload.roles = {{"app", 70000, NAN, NAN}, {"report", 2000, 4000.0, 30000.0}};
  activity.busy.p95 = INFINITY;
  for (const AdviceRow& r : rows()) {
    EXPECT_FALSE(contains(r.rationale, "nan")) << r.setting << ": " << r.rationale;
    if (r.recommended_value) {
      EXPECT_FALSE(contains(*r.recommended_value, "nan")) << r.setting;
    }
  }
  EXPECT_EQ(recommended("pgbouncer", "default_pool_size"), "1");  // infinity is no measurement
  EXPECT_EQ(recommended("pgbouncer", "query_wait_timeout"), "20");
}
