// PgBouncer settings, sized from the measured demand and the core budget.
// Semantics and defaults as the PgBouncer documentation (pgbouncer.org/config.html)
// states them.
#include <fmt/format.h>

#include <cmath>

#include "core/pool/format.h"
#include "core/pool/rules.h"

namespace insights::pool {
namespace {

// max_client_conn over the clients expected: rolling deploys and restarts
// briefly run more clients than the steady state.
constexpr double kClientConnHeadroom = 1.25;

Recommendation pool_mode(const AdviceContext& ctx) {
  const WindowActivity& a = ctx.activity;
  // PgBouncer docs: max_prepared_statements should exceed the number of
  // commonly used prepared statements; the distinct statements bound it.
  const std::string prepared =
      ctx.plan.has_statements() && ctx.workload.distinct_statements > 0
          ? fmt::format(" (above the {} distinct statements recorded)", grouped(ctx.workload.distinct_statements))
          : std::string();
  return {"transaction",
          fmt::format("PgBouncer docs: in transaction mode a server connection goes back to the pool when the "
                      "transaction ends (session mode: when the client disconnects). Mean {} client connections, "
                      "{} busy and {} idle: transaction pooling serves them with about {} server connections. "
                      "Requires that the application keeps no session state across transactions (SET, LISTEN, "
                      "session advisory locks, WITH HOLD cursors, temporary tables); protocol-level prepared "
                      "statements need PgBouncer 1.21+ with max_prepared_statements{}.",
                      decimal1(a.connections.mean), decimal1(a.busy.mean), decimal1(a.mean_idle), ctx.plan.steady,
                      prepared)};
}

Recommendation default_pool_size(const AdviceContext& ctx) {
  return {fmt::format("{}", ctx.plan.steady),
          fmt::format("Server connections per user/database pair (PgBouncer docs, default 20): p95 busy rounded "
                      "up, within the budget: {}; {}. {}. With several user/database pairs, keep their sum within "
                      "the budget (max_db_connections enforces it per database).",
                      demand_phrase(ctx), capacity_phrase(ctx), little_phrase(ctx))};
}

Recommendation min_pool_size(const AdviceContext& ctx) {
  return {fmt::format("{}", ctx.plan.minimum),
          fmt::format("Connections kept open even after a quiet period, so that the normal load does not wait for "
                      "new connections when it comes back (PgBouncer docs, default 0): p50 busy {} rounded up.",
                      decimal1(ctx.activity.busy.p50))};
}

Recommendation reserve_pool_size(const AdviceContext& ctx) {
  const PoolPlan& plan = ctx.plan;
  return {fmt::format("{}", plan.peak - plan.steady),
          fmt::format("Extra connections a pool may open once a client has waited reserve_pool_timeout (PgBouncer "
                      "docs, default 0): p99 busy {} rounded up and kept within the budget ({}), less "
                      "default_pool_size {}. Beyond the budget ({}), waiting in the queue is faster than more "
                      "connections competing for the cores.",
                      decimal1(ctx.activity.busy.p99), plan.peak, plan.steady, plan.server_budget)};
}

Recommendation max_client_conn(const AdviceContext& ctx) {
  const PoolPlan& plan = ctx.plan;
  const auto value = static_cast<std::int64_t>(
      std::ceil(kClientConnHeadroom * static_cast<double>(plan.client_connections_needed) - 1e-9));
  return {fmt::format("{}", value),
          fmt::format("Client connections PgBouncer accepts (PgBouncer docs, default 100): {} clients (the largest "
                      "of: peak sampled {}, {} now, {} pools × {} planned) + 25% for deploys and restarts. Raise the "
                      "file descriptor limit to match (PgBouncer docs).",
                      grouped(static_cast<std::uint64_t>(plan.client_connections_needed)),
                      whole_number(ctx.activity.connections.max), ctx.server.client_connections, grouped(plan.pools),
                      plan.per_pool_max)};
}

Recommendation max_db_connections(const AdviceContext& ctx) {
  return {fmt::format("{}", ctx.plan.server_budget),
          fmt::format("Server connections per database, whatever the user (PgBouncer docs, default 0 = "
                      "unlimited): the {}. More active connections add contention, not throughput.",
                      capacity_phrase(ctx))};
}

Recommendation query_wait_timeout(const AdviceContext& ctx) {
  return {fmt::format("{}", *ctx.plan.acquire_timeout_s),
          fmt::format("Seconds a query may wait for a server connection before the client is disconnected "
                      "(PgBouncer docs, default 120): {}. The same wait as the application pools' timeouts: a query "
                      "that has waited longer than its caller is useless.",
                      acquire_phrase(ctx))};
}

}  // namespace

void add_pgbouncer_rows(const AdviceContext& ctx, std::vector<AdviceRow>& rows) {
  const std::string* samples = &ctx.plan.samples_missing;
  add_settings(ctx, kTargetPgbouncer,
               {{"pool_mode", pool_mode, samples},
                {"default_pool_size", default_pool_size, samples},
                {"min_pool_size", min_pool_size, samples},
                {"reserve_pool_size", reserve_pool_size, samples},
                {"max_client_conn", max_client_conn, samples},
                {"max_db_connections", max_db_connections, samples},
                {"query_wait_timeout", query_wait_timeout, &ctx.plan.acquire_missing}},
               rows);
}

}  // namespace insights::pool
