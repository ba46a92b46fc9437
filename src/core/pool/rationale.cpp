// Phrases that several rationales share, so that a figure reads the same in
// every row it supports.
#include <fmt/format.h>

#include "core/pool/format.h"
#include "core/pool/rules.h"

namespace insights::pool {
namespace {

constexpr std::size_t kGroupsNamed = 5;  // client groups named before "and N more"

std::string plural(std::int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// Why the effective spindle count is what it is.
std::string spindle_reason(const PoolPlan& plan) {
  if (!plan.cache_hit_ratio) return "cache hit ratio unknown: data assumed cached";
  return fmt::format("cache hit ratio {}{}", percent(*plan.cache_hit_ratio),
                     plan.effective_spindles == 0 ? ": data cached" : ", under 99%");
}

std::string group_list(const std::vector<std::string>& groups) {
  std::string text;
  for (std::size_t i = 0; i < groups.size() && i < kGroupsNamed; ++i) {
    if (i > 0) text += ", ";
    text += groups[i].empty() ? "(unnamed)" : groups[i];
  }
  if (groups.size() > kGroupsNamed) text += fmt::format(" and {} more", groups.size() - kGroupsNamed);
  return text;
}

}  // namespace

std::string capacity_phrase(const AdviceContext& ctx) {
  const PoolPlan& plan = ctx.plan;
  std::string text = fmt::format(
      "core budget {} = 2 × {} + {} (PostgreSQL wiki \"Number Of Database Connections\", "
      "HikariCP \"About Pool Sizing\"; {})",
      plan.core_capacity, plural(plan.cores, "core", "cores"),
      plural(plan.effective_spindles, "effective spindle", "effective spindles"), spindle_reason(plan));
  if (plan.connection_capacity > plan.core_capacity) {
    text += fmt::format(", raised to {} because only {:.0f}% of the active time used CPU, IO or locks (the rest "
                        "waited on clients or timers, which needs no core)",
                        plan.connection_capacity, 100.0 * plan.resource_share);
  }
  if (plan.server_budget < plan.connection_capacity) {
    text += fmt::format(", cut to {} by max_connections {} less {} reserved", plan.server_budget,
                        ctx.server.max_connections, ctx.server.max_connections - plan.available_connections);
  }
  return text;
}

std::string demand_phrase(const AdviceContext& ctx) {
  const WindowActivity& a = ctx.activity;
  return fmt::format(
      "busy connections (active + idle in transaction) p50 {}, p95 {}, p99 {} over {} s ({} samples at {} ms)",
      decimal1(a.busy.p50), decimal1(a.busy.p95), decimal1(a.busy.p99),
      grouped(static_cast<std::uint64_t>(a.seconds_covered)), grouped(a.samples), ctx.server.sample_interval_ms);
}

std::string split_phrase(const AdviceContext& ctx) {
  const PoolPlan& plan = ctx.plan;
  std::string instances;
  switch (plan.instance_source) {
    case InstanceSource::kGiven:
      instances = fmt::format("{} (given)", plural(plan.instances, "app instance", "app instances"));
      break;
    case InstanceSource::kInferred:
      instances =
          fmt::format("{} (inferred from client groups: {})", plural(plan.instances, "app instance", "app instances"),
                      group_list(ctx.instances.groups));
      break;
    case InstanceSource::kAssumed:
      instances = "1 app instance (assumed: no client group seen in the window; pass app_instances)";
      break;
  }
  return fmt::format("{} = {} × {}", plural(plan.pools, "pool", "pools"), instances,
                     plural(plan.workers_per_instance, "worker per instance", "workers per instance"));
}

std::string little_phrase(const AdviceContext& ctx) {
  const PoolPlan& plan = ctx.plan;
  if (!plan.has_statements()) return fmt::format("Little's law not checked: {}", plan.statements_missing);
  if (!plan.little) return "Little's law not checked: the statement counters cover no elapsed time";
  const LittleCrossCheck& c = *plan.little;
  std::string text = fmt::format("Little's law: {} calls/s × {} ms = {} busy on average; sampled mean active {}",
                                 decimal1(c.law.throughput_per_second), decimal1(c.law.mean_latency_ms),
                                 decimal1(c.law.mean_busy_connections), decimal1(c.sampled_mean_active));
  if (c.ratio) {
    text += fmt::format(" (ratio {:.2f})", *c.ratio);
  } else {
    text += " (no ratio: nothing sampled active)";
  }
  return text;
}

std::string acquire_phrase(const AdviceContext& ctx) {
  const PoolPlan& plan = ctx.plan;
  if (!plan.slowest_role) return plan.acquire_missing;
  return fmt::format(
      "{:g} × p99 {} of role {} (the slowest with {}+ calls), rounded up to whole seconds, within "
      "{}-{} s",
      kAcquireLatencyMultiple, human_duration(plan.slowest_role->p99_ms), quote_identifier(plan.slowest_role->role),
      kMinStatementCalls, kMinAcquireTimeoutS, kMaxAcquireTimeoutS);
}

std::string missing_phrase(const std::string& what) { return fmt::format("No recommendation: {}.", what); }

AdviceRow missing_row(const char* target, std::string setting, std::optional<std::string> current,
                      const std::string& missing) {
  return {target, std::move(setting), std::move(current), std::nullopt, missing_phrase(missing)};
}

void add_settings(const AdviceContext& ctx, const char* target, std::initializer_list<SettingRule> settings,
                  std::vector<AdviceRow>& rows) {
  static const std::string kNothingMissing;
  for (const SettingRule& s : settings) {
    rows.push_back(row_unless_missing(target, s.setting, std::nullopt, s.missing ? *s.missing : kNothingMissing,
                                      [&] { return s.rule(ctx); }));
  }
}

}  // namespace insights::pool
