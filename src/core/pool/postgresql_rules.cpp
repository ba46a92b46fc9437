// Server settings: max_connections, statement_timeout per role,
// idle_in_transaction_session_timeout, work_mem.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/pool/format.h"
#include "core/pool/rules.h"

namespace insights::pool {
namespace {

// statement_timeout = 5 × the role's p99, at least 1 s: latency tails are
// long, and five times the 99th percentile leaves the legitimately slow 1%
// room while still cancelling a runaway statement.
constexpr double kStatementTimeoutMultiple = 5.0;
constexpr double kMinStatementTimeoutMs = 1000.0;
// idle_in_transaction_session_timeout = 2 × the p95 span, at least 1 min: an
// application that pauses inside its transactions keeps doing so, and one
// minute is far beyond any pause between two statements of one request.
constexpr double kIdleInTransactionMultiple = 2.0;
constexpr double kMinIdleInTransactionMs = 60.0 * 1000.0;
// PgTune: a query may use work_mem several times (one per sort or hash), so
// it budgets 3 × max_connections of them in the RAM left after shared_buffers.
constexpr double kWorkMemsPerConnection = 3.0;
// An in-memory sort or hash needs about twice what it writes when it spills
// (per-tuple headers and allocation overhead that the on-disk format drops).
constexpr double kSpillToMemory = 2.0;
constexpr std::int64_t kMinWorkMemKb = 64;  // PostgreSQL's minimum

std::int64_t round_down_mb(std::int64_t kb) { return kb >= 1024 ? kb / 1024 * 1024 : kb; }

std::int64_t round_up_mb(double kb) {
  if (!(kb > 0.0)) return 0;
  return static_cast<std::int64_t>(std::ceil(std::min(kb, 1e15) / 1024.0)) * 1024;
}

Recommendation max_connections(const AdviceContext& ctx) {
  const PoolPlan& plan = ctx.plan;
  const ServerFacts& s = ctx.server;
  std::string reserved =
      fmt::format("{} superuser_reserved_connections", std::max(s.superuser_reserved_connections, 0));
  if (s.reserved_connections > 0) reserved += fmt::format(" + {} reserved_connections", s.reserved_connections);
  return {fmt::format("{}", *plan.recommended_max_connections),
          fmt::format(
              "{} = {} client connections (the largest of: peak sampled {}, {} now, {} pools × {} planned) + {} "
              "for admin sessions (monitoring, migrations: max(3, 10%)) + {}. Active work is capped by the "
              "pools at the {}; a slot no client uses still costs shared memory (the lock table scales with "
              "max_connections) and shrinks PgTune's work_mem budget. Changing it needs a restart.",
              *plan.recommended_max_connections, grouped(static_cast<std::uint64_t>(plan.client_connections_needed)),
              whole_number(ctx.activity.connections.max), s.client_connections, grouped(plan.pools), plan.per_pool_max,
              plan.admin_headroom, reserved, capacity_phrase(ctx))};
}

AdviceRow role_statement_timeout_row(const RoleLatency& role, const std::string& current) {
  const std::string who = quote_identifier(role.role);
  if (role.calls < kMinStatementCalls) {
    return missing_row(kTargetPostgresql, "statement_timeout", current,
                       fmt::format("only {} statement calls by role {}; {} are needed for a p99 latency",
                                   grouped(role.calls), who, kMinStatementCalls));
  }
  if (!std::isfinite(role.p99_ms) || role.p99_ms < 0) {
    return missing_row(kTargetPostgresql, "statement_timeout", current,
                       fmt::format("no valid p99 latency for role {}", who));
  }
  const std::int64_t timeout_ms =
      round_up_duration_ms(std::max(kMinStatementTimeoutMs, kStatementTimeoutMultiple * role.p99_ms));
  std::string rationale = fmt::format(
      "Role {}: p99 latency {} over {} calls; 5 × p99 rounded up, at least 1 s, leaves the slowest 1% room and "
      "cancels runaway statements. Per role because the PostgreSQL docs advise against a server-wide "
      "statement_timeout (current_value is the server-wide one).",
      who, human_duration(role.p99_ms), grouped(role.calls));
  if (role.max_ms > static_cast<double>(timeout_ms)) {
    rationale += fmt::format(
        " The slowest call seen, {}, would have been cancelled: give the job that runs it its "
        "own role or SET LOCAL statement_timeout.",
        human_duration(role.max_ms));
  }
  return {kTargetPostgresql, "statement_timeout", current,
          fmt::format("ALTER ROLE {} SET statement_timeout = '{}'", who, pg_duration(timeout_ms)), rationale};
}

void add_statement_timeout_rows(const AdviceContext& ctx, std::vector<AdviceRow>& rows) {
  const std::string current = pg_duration(ctx.server.statement_timeout_ms);
  if (!ctx.plan.has_statements()) {
    rows.push_back(missing_row(kTargetPostgresql, "statement_timeout", current, ctx.plan.statements_missing));
  } else if (ctx.workload.roles.empty()) {
    rows.push_back(missing_row(kTargetPostgresql, "statement_timeout", current, "no per-role latency recorded"));
  } else {
    for (const RoleLatency& role : ctx.workload.roles) rows.push_back(role_statement_timeout_row(role, current));
  }
}

Recommendation idle_in_transaction_session_timeout(const AdviceContext& ctx) {
  const WindowActivity& a = ctx.activity;
  const std::int64_t timeout_ms = round_up_duration_ms(
      std::max(kMinIdleInTransactionMs, kIdleInTransactionMultiple * a.p95_idle_in_transaction_ms));
  const std::string seen =
      a.longest_idle_in_transaction_ms > 0
          ? fmt::format("Idle-in-transaction spans p95 {}, longest {}", human_duration(a.p95_idle_in_transaction_ms),
                        human_duration(a.longest_idle_in_transaction_ms))
          : std::string("No session idle in transaction");
  std::string rationale = fmt::format(
      "{} over {} s sampled every {} ms; 2 × p95, at least 1 min, rounded up. A session idle in a transaction holds "
      "its locks and its snapshot holds back VACUUM (PostgreSQL docs); behind a transaction-mode pooler it also "
      "holds a server connection.",
      seen, grouped(static_cast<std::uint64_t>(a.seconds_covered)), ctx.server.sample_interval_ms);
  if (a.longest_idle_in_transaction_ms > static_cast<double>(timeout_ms)) {
    rationale += " The longest span seen would have been terminated (see the long_idle_in_transaction warning).";
  }
  return {pg_duration(timeout_ms), rationale};
}

std::string work_mem_missing(const AdviceContext& ctx) {
  const ServerFacts& s = ctx.server;
  if (!ctx.plan.has_statements()) return ctx.plan.statements_missing;
  if (s.total_ram_bytes == 0) return "the server's total RAM is unknown";
  if (s.total_ram_bytes <= s.shared_buffers_bytes) return "total RAM is not above shared_buffers";
  return {};
}

Recommendation work_mem(const AdviceContext& ctx) {
  const ServerFacts& s = ctx.server;
  const WorkloadFacts& w = ctx.workload;
  const std::int64_t current_kb = s.work_mem_kb;

  // PgTune's budget, with the max_connections we recommend when there is one.
  const bool recommended_connections = ctx.plan.recommended_max_connections.has_value();
  const int connections =
      std::max(recommended_connections ? *ctx.plan.recommended_max_connections : s.max_connections, 1);
  const double spare_kb = static_cast<double>(s.total_ram_bytes - s.shared_buffers_bytes) / 1024.0;
  const std::int64_t budget_kb = std::max(
      kMinWorkMemKb, round_down_mb(static_cast<std::int64_t>(spare_kb / (kWorkMemsPerConnection * connections))));
  std::string rationale = fmt::format(
      "PgTune's budget: (RAM {} − shared_buffers {}) / (3 × {} max_connections{}) = {} per sort or hash.",
      human_bytes(static_cast<double>(s.total_ram_bytes)), human_bytes(static_cast<double>(s.shared_buffers_bytes)),
      connections, recommended_connections ? ", as recommended above" : "", pg_memory(budget_kb));

  std::int64_t recommended_kb;
  if (w.temp_blks_written == 0) {
    recommended_kb = std::min(current_kb, budget_kb);
    rationale += fmt::format(" No temp blocks written in {} calls: the current {} is enough{}.", grouped(w.calls),
                             pg_memory(current_kb), current_kb > budget_kb ? ", but above the budget" : "");
  } else {
    const std::uint64_t spilling = w.spilling_calls > 0 ? w.spilling_calls : w.calls;
    const double spilled_kb = static_cast<double>(w.temp_blks_written) * std::max(s.block_size, 1) / 1024.0;
    const double per_call_kb = spilled_kb / static_cast<double>(spilling);
    const std::int64_t needed_kb = round_up_mb(kSpillToMemory * per_call_kb);
    recommended_kb = std::min(std::max(current_kb, needed_kb), budget_kb);
    rationale += fmt::format(
        " {} temp blocks ({}) written by {} spilling calls of {}: {} per spilling call; in memory that takes about "
        "twice as much, {}.",
        grouped(w.temp_blks_written), human_bytes(spilled_kb * 1024.0), grouped(spilling), grouped(w.calls),
        human_bytes(per_call_kb * 1024.0), pg_memory(needed_kb));
    if (needed_kb > budget_kb) {
      rationale +=
          " The budget allows less: raise work_mem only where the spills happen (ALTER ROLE … SET "
          "work_mem for the reporting role, or SET LOCAL work_mem in its transactions).";
    }
  }
  return {pg_memory(std::max(recommended_kb, kMinWorkMemKb)), rationale};
}

}  // namespace

void add_postgresql_rows(const AdviceContext& ctx, std::vector<AdviceRow>& rows) {
  const ServerFacts& s = ctx.server;
  rows.push_back(row_unless_missing(kTargetPostgresql, "max_connections", fmt::format("{}", s.max_connections),
                                    ctx.plan.samples_missing, [&] { return max_connections(ctx); }));
  add_statement_timeout_rows(ctx, rows);
  rows.push_back(row_unless_missing(kTargetPostgresql, "idle_in_transaction_session_timeout",
                                    pg_duration(s.idle_in_transaction_session_timeout_ms), ctx.plan.samples_missing,
                                    [&] { return idle_in_transaction_session_timeout(ctx); }));
  rows.push_back(row_unless_missing(kTargetPostgresql, "work_mem", pg_memory(s.work_mem_kb), work_mem_missing(ctx),
                                    [&] { return work_mem(ctx); }));
}

}  // namespace insights::pool
