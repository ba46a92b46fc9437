// Warnings: conditions a setting alone does not fix. Each appears only when
// it holds; current_value carries the measured figure.
#include <fmt/format.h>

#include <algorithm>

#include "core/pool/format.h"
#include "core/pool/rules.h"

namespace insights::pool {
namespace {

// At 80% of the available connections a deploy or a burst of reconnects is
// enough to reach "too many clients already".
constexpr double kNearMaxShare = 0.8;
// Idle connections are worth a pooler once they are many and outnumber what
// the cores can keep busy.
constexpr double kManyIdleMinimum = 10.0;
// An idle-in-transaction span this long holds back VACUUM noticeably; it is
// also the floor of the idle_in_transaction_session_timeout rule.
constexpr double kLongIdleInTransactionMs = 60.0 * 1000.0;
// Lock waits dominate when they are at least half of the active time.
constexpr double kLockDominantShare = 0.5;

AdviceRow warning(std::string name, std::string measured, std::string rationale) {
  return {kTargetWarning, std::move(name), std::move(measured), std::nullopt, std::move(rationale)};
}

void connections_near_max(const AdviceContext& ctx, std::vector<AdviceRow>& rows) {
  const PoolPlan& plan = ctx.plan;
  // The connections now are a fact even without a minute of samples.
  const double sampled_peak = plan.has_samples() ? ctx.activity.connections.max : 0.0;
  const double peak = std::max(sampled_peak, static_cast<double>(ctx.server.client_connections));
  const int available = plan.available_connections;
  if (peak < kNearMaxShare * available && available > 0) return;
  rows.push_back(warning(
      "connections_near_max", fmt::format("{} of {}", whole_number(peak), available),
      fmt::format("Up to {} client connections (peak sampled {}, {} now) against {} available (max_connections {} "
                  "less {} reserved): when they are all taken, new connections fail with \"too many clients "
                  "already\". Size the pools as above, or put PgBouncer in front, rather than raising "
                  "max_connections.",
                  whole_number(peak), whole_number(sampled_peak), ctx.server.client_connections, available,
                  ctx.server.max_connections, ctx.server.max_connections - available)));
}

void many_idle_connections(const AdviceContext& ctx, std::vector<AdviceRow>& rows) {
  const WindowActivity& a = ctx.activity;
  const PoolPlan& plan = ctx.plan;
  if (a.mean_idle < std::max(kManyIdleMinimum, static_cast<double>(plan.core_capacity))) return;
  rows.push_back(warning(
      "many_idle_connections", fmt::format("{} idle", decimal1(a.mean_idle)),
      fmt::format("On average {} idle connections (of {} connections; {} busy) over {} s, more than the {} the cores "
                  "can keep busy: each idle backend holds memory and a max_connections slot. A transaction-mode "
                  "pooler (PgBouncer, see above) would serve these clients with about {} server connections.",
                  decimal1(a.mean_idle), decimal1(a.connections.mean), decimal1(a.busy.mean),
                  grouped(static_cast<std::uint64_t>(a.seconds_covered)), plan.core_capacity, plan.steady)));
}

void long_idle_in_transaction(const AdviceContext& ctx, std::vector<AdviceRow>& rows) {
  const WindowActivity& a = ctx.activity;
  if (a.longest_idle_in_transaction_ms < kLongIdleInTransactionMs) return;
  rows.push_back(warning(
      "long_idle_in_transaction", human_duration(a.longest_idle_in_transaction_ms),
      fmt::format("A transaction sat idle for {} (p95 of the per-second longest spans {}; mean {} connections idle "
                  "in transaction). Meanwhile it holds its locks, its snapshot holds back VACUUM, and behind a "
                  "pooler it holds a server connection. Find the code path that leaves transactions open; "
                  "idle_in_transaction_session_timeout (above) bounds the damage.",
                  human_duration(a.longest_idle_in_transaction_ms), human_duration(a.p95_idle_in_transaction_ms),
                  decimal1(a.idle_in_transaction.mean))));
}

void lock_waits_dominate(const AdviceContext& ctx, std::vector<AdviceRow>& rows) {
  const WindowActivity& a = ctx.activity;
  const ActiveShares& s = a.shares;
  const double locks = s.lock + s.lwlock;
  if (a.active.mean <= 0.0 || locks < kLockDominantShare) return;
  rows.push_back(warning(
      "lock_waits_dominate", fmt::format("{} of active time", percent(locks)),
      fmt::format("Active backends spent {} of their time waiting on locks (Lock {}, LWLock {}; CPU {}, IO {}) "
                  "over {} samples: connections mostly wait for each other, so more connections or bigger pools "
                  "will not add throughput. Find the blockers (pg_locks, pg_blocking_pids()) and shorten the "
                  "transactions that hold the locks.",
                  percent(locks), percent(s.lock), percent(s.lwlock), percent(s.cpu), percent(s.io),
                  grouped(a.samples))));
}

void saturated_pool(const AdviceContext& ctx, std::vector<AdviceRow>& rows) {
  const WindowActivity& a = ctx.activity;
  const PoolPlan& plan = ctx.plan;
  if (a.active.p50 < plan.server_budget) return;
  rows.push_back(warning(
      "saturated_pool", fmt::format("p50 active {} of {}", decimal1(a.active.p50), plan.server_budget),
      fmt::format("For at least half of the {} s sampled, {} or more connections were active: the {}. The server "
                  "is saturated and requests queue in the pools; more connections will not add throughput. Reduce "
                  "the work per request (insights.slow_queries(), insights.index_advice()) or add cores.",
                  grouped(static_cast<std::uint64_t>(a.seconds_covered)), plan.server_budget, capacity_phrase(ctx))));
}

}  // namespace

void add_warning_rows(const AdviceContext& ctx, std::vector<AdviceRow>& rows) {
  connections_near_max(ctx, rows);
  if (!ctx.plan.has_samples()) return;  // the others are about what the samples show
  many_idle_connections(ctx, rows);
  long_idle_in_transaction(ctx, rows);
  lock_waits_dominate(ctx, rows);
  saturated_pool(ctx, rows);
}

}  // namespace insights::pool
