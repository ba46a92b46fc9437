// Application-side pools: SQLAlchemy, Go database/sql, HikariCP and
// node-postgres. Every worker process of every instance has its own pool, so
// each gets its share of the server-side figures (plan.h: per_pool_*); the
// defaults quoted are each library's documented ones.
#include <fmt/format.h>

#include "core/pool/format.h"
#include "core/pool/rules.h"

namespace insights::pool {
namespace {

// --- sentences the four libraries share ---

std::string max_share(const AdviceContext& ctx) {
  const PoolPlan& plan = ctx.plan;
  const std::string split = fmt::format("the {} split over {}", capacity_phrase(ctx), split_phrase(ctx));
  if (plan.pools > plan.server_budget) {
    return fmt::format(
        "{}: floor({} / {}) is 0, so 1 each; together the pools may then open {} connections, more "
        "than the budget: put PgBouncer in front",
        split, plan.server_budget, grouped(plan.pools), grouped(plan.pools));
  }
  return fmt::format("{}: floor({} / {}) = {}", split, plan.server_budget, grouped(plan.pools), plan.per_pool_max);
}

std::string steady_share(const AdviceContext& ctx) {
  const PoolPlan& plan = ctx.plan;
  return fmt::format("p95 busy rounded up ({}) split over the pools: ceil({} / {}) = {}, at most {} ({}; {})",
                     plan.steady, plan.steady, grouped(plan.pools), plan.per_pool_steady, plan.per_pool_max,
                     demand_phrase(ctx), split_phrase(ctx));
}

std::string lifetime_reason(const AdviceContext& ctx) {
  return fmt::format(
      "HikariCP's documented maxLifetime default ({}): replacing connections now and then bounds "
      "each backend's memory (catalog caches, cached plans) and rebalances after a failover. Not "
      "derived from measurements",
      human_duration(static_cast<double>(ctx.plan.lifetime_ms)));
}

std::string idle_close_reason(const AdviceContext& ctx) {
  if (ctx.server.idle_session_timeout_ms > 0) {
    return fmt::format(
        "half of the server's idle_session_timeout {}, at most 5 min, so that the pool closes an "
        "idle connection before the server does",
        pg_duration(ctx.server.idle_session_timeout_ms));
  }
  return "5 min: connections opened for a burst are reused by the next one minutes later, and after a peak the "
         "extra backends are returned within minutes. Not derived from measurements";
}

// --- SQLAlchemy (QueuePool) ---

Recommendation sqlalchemy_pool_size(const AdviceContext& ctx) {
  return {fmt::format("{}", ctx.plan.per_pool_steady),
          fmt::format("Connections the QueuePool keeps open (SQLAlchemy docs, default 5): {}.", steady_share(ctx))};
}

Recommendation sqlalchemy_max_overflow(const AdviceContext& ctx) {
  const PoolPlan& plan = ctx.plan;
  return {fmt::format("{}", plan.per_pool_max - plan.per_pool_steady),
          fmt::format("Connections opened above pool_size for bursts and closed when returned (SQLAlchemy docs, "
                      "default 10): pool_size + max_overflow = {}, {}.",
                      plan.per_pool_max, max_share(ctx))};
}

Recommendation sqlalchemy_pool_timeout(const AdviceContext& ctx) {
  return {fmt::format("{}", *ctx.plan.acquire_timeout_s),
          fmt::format("Seconds to wait for a connection before raising (SQLAlchemy docs, default 30): {}.",
                      acquire_phrase(ctx))};
}

Recommendation sqlalchemy_pool_recycle(const AdviceContext& ctx) {
  return {fmt::format("{}", ctx.plan.lifetime_ms / 1000),
          fmt::format("Seconds after which a connection is replaced (SQLAlchemy docs, default -1: never): {}.",
                      lifetime_reason(ctx))};
}

Recommendation sqlalchemy_pool_pre_ping(const AdviceContext& ctx) {
  std::string cost;
  if (ctx.plan.little && ctx.plan.little->law.mean_latency_ms > 0) {
    cost = fmt::format(" It costs one round trip per checkout, against a mean statement latency of {}.",
                       human_duration(ctx.plan.little->law.mean_latency_ms));
  }
  return {"True",
          fmt::format("Tests each connection on checkout (SQLAlchemy docs, \"Disconnect Handling - Pessimistic\", "
                      "default False): a connection the server closed (restart, failover{}) is replaced instead of "
                      "failing the request.{} Not derived from measurements.",
                      ctx.server.idle_session_timeout_ms > 0
                          ? fmt::format(", idle_session_timeout {}", pg_duration(ctx.server.idle_session_timeout_ms))
                          : std::string(),
                      cost)};
}

// --- Go database/sql ---

Recommendation go_max_open_conns(const AdviceContext& ctx) {
  return {fmt::format("{}", ctx.plan.per_pool_max),
          fmt::format("Most connections a sql.DB opens (Go docs, default 0 = unlimited): {}.", max_share(ctx))};
}

Recommendation go_max_idle_conns(const AdviceContext& ctx) {
  return {fmt::format("{}", ctx.plan.per_pool_steady),
          fmt::format("Idle connections a sql.DB keeps (Go docs, default 2: under more concurrency, connections are "
                      "closed on return and reopened): {}.",
                      steady_share(ctx))};
}

Recommendation go_conn_max_lifetime(const AdviceContext& ctx) {
  return {go_duration(ctx.plan.lifetime_ms),
          fmt::format("Most time a connection is reused (Go docs, default 0 = forever): {}.", lifetime_reason(ctx))};
}

Recommendation go_conn_max_idle_time(const AdviceContext& ctx) {
  return {go_duration(ctx.plan.idle_close_ms),
          fmt::format("Most time a connection stays idle in the pool (Go docs, default 0 = forever): {}.",
                      idle_close_reason(ctx))};
}

// --- HikariCP ---

Recommendation hikari_maximum_pool_size(const AdviceContext& ctx) {
  return {fmt::format("{}", ctx.plan.per_pool_max),
          fmt::format("Most connections in the pool (HikariCP docs, default 10): {}.", max_share(ctx))};
}

Recommendation hikari_minimum_idle(const AdviceContext& ctx) {
  return {fmt::format("{}", ctx.plan.per_pool_max),
          fmt::format("Equal to maximumPoolSize ({}): HikariCP's docs recommend a fixed-size pool for performance "
                      "and responsiveness to spikes (default: same as maximumPoolSize).",
                      ctx.plan.per_pool_max)};
}

Recommendation hikari_connection_timeout(const AdviceContext& ctx) {
  return {
      fmt::format("{}", *ctx.plan.acquire_timeout_s * 1000),
      fmt::format("Milliseconds to wait for a connection (HikariCP docs, default 30000): {}.", acquire_phrase(ctx))};
}

Recommendation hikari_max_lifetime(const AdviceContext& ctx) {
  return {fmt::format("{}", ctx.plan.lifetime_ms),
          fmt::format("Milliseconds a connection lives (HikariCP docs, default 1800000; keep it a few seconds "
                      "under any limit the database or network imposes): {}.",
                      lifetime_reason(ctx))};
}

// --- node-postgres (pg.Pool) ---

Recommendation node_max(const AdviceContext& ctx) {
  return {fmt::format("{}", ctx.plan.per_pool_max),
          fmt::format("Most clients in the pool (node-postgres docs, default 10): {}.", max_share(ctx))};
}

Recommendation node_idle_timeout(const AdviceContext& ctx) {
  return {fmt::format("{}", ctx.plan.idle_close_ms),
          fmt::format("Milliseconds an idle client stays open (node-postgres docs, default 10000, which closes "
                      "and reopens connections between bursts): {}.",
                      idle_close_reason(ctx))};
}

Recommendation node_connection_timeout(const AdviceContext& ctx) {
  return {fmt::format("{}", *ctx.plan.acquire_timeout_s * 1000),
          fmt::format("Milliseconds to wait for a client (node-postgres docs, default 0 = wait forever): {}.",
                      acquire_phrase(ctx))};
}

}  // namespace

void add_client_pool_rows(const AdviceContext& ctx, std::vector<AdviceRow>& rows) {
  const std::string* samples = &ctx.plan.samples_missing;
  const std::string* acquire = &ctx.plan.acquire_missing;
  add_settings(ctx, kTargetSqlalchemy,
               {{"pool_size", sqlalchemy_pool_size, samples},
                {"max_overflow", sqlalchemy_max_overflow, samples},
                {"pool_timeout", sqlalchemy_pool_timeout, acquire},
                {"pool_recycle", sqlalchemy_pool_recycle, nullptr},
                {"pool_pre_ping", sqlalchemy_pool_pre_ping, nullptr}},
               rows);
  add_settings(ctx, kTargetGo,
               {{"SetMaxOpenConns", go_max_open_conns, samples},
                {"SetMaxIdleConns", go_max_idle_conns, samples},
                {"SetConnMaxLifetime", go_conn_max_lifetime, nullptr},
                {"SetConnMaxIdleTime", go_conn_max_idle_time, nullptr}},
               rows);
  add_settings(ctx, kTargetHikaricp,
               {{"maximumPoolSize", hikari_maximum_pool_size, samples},
                {"minimumIdle", hikari_minimum_idle, samples},
                {"connectionTimeout", hikari_connection_timeout, acquire},
                {"maxLifetime", hikari_max_lifetime, nullptr}},
               rows);
  add_settings(ctx, kTargetNodePostgres,
               {{"max", node_max, samples},
                {"idleTimeoutMillis", node_idle_timeout, nullptr},
                {"connectionTimeoutMillis", node_connection_timeout, acquire}},
               rows);
}

}  // namespace insights::pool
