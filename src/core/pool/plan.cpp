// The shared figures of pool advice; the formulas are documented in plan.h.
#include "core/pool/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/pool/format.h"

namespace insights::pool {
namespace {

// Below this share of active time on server resources, the samples say
// little about them; do not let the capacity grow without bound.
constexpr double kMinResourceShare = 0.01;

constexpr double kCachedHitRatio = 0.99;
constexpr int kMinAdminHeadroom = 3;
constexpr std::int64_t kPostgresMaxConnections = 262143;  // MAX_BACKENDS
constexpr std::int64_t kIdleCloseMs = 5 * 60 * 1000;

double finite_or_zero(double x) { return std::isfinite(x) ? x : 0.0; }

// ceil for measured values: 6.0000000001 (a mean from a division) stays 6.
std::int64_t ceil_count(double x) {
  x = finite_or_zero(x);
  if (x <= 0.0) return 0;
  if (x > 1e12) return static_cast<std::int64_t>(1e12);
  return static_cast<std::int64_t>(std::ceil(x - 1e-9));
}

int clamp_int(std::int64_t x, std::int64_t lo, std::int64_t hi) {
  return static_cast<int>(std::clamp(x, lo, std::max(lo, hi)));
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

void plan_data(PoolPlan& plan, const WindowActivity& activity, const WorkloadFacts& workload) {
  if (activity.seconds_covered < kMinSampledSeconds) {
    plan.samples_missing =
        fmt::format("only {} s of samples in the window ({} samples); {} s are needed",
                    grouped(static_cast<std::uint64_t>(std::max<std::int64_t>(activity.seconds_covered, 0))),
                    grouped(activity.samples), kMinSampledSeconds);
  }
  if (workload.calls < kMinStatementCalls) {
    plan.statements_missing =
        fmt::format("only {} statement calls recorded; {} are needed", grouped(workload.calls), kMinStatementCalls);
  }
}

void plan_capacity(PoolPlan& plan, const WindowActivity& activity, const WorkloadFacts& workload,
                   const ServerFacts& server) {
  plan.cores = std::max(server.cores, 1);
  if (plan.has_statements()) plan.cache_hit_ratio = cache_hit_ratio(workload);
  plan.effective_spindles = plan.cache_hit_ratio && *plan.cache_hit_ratio < kCachedHitRatio ? 1 : 0;
  plan.core_capacity = clamp_int(2LL * plan.cores + plan.effective_spindles, 1, kPostgresMaxConnections);
  const std::int64_t available = static_cast<std::int64_t>(server.max_connections) -
                                 std::max(server.superuser_reserved_connections, 0) -
                                 std::max(server.reserved_connections, 0);
  plan.available_connections = clamp_int(available, 0, kPostgresMaxConnections);
  const ActiveShares& s = activity.shares;
  const double resource = s.cpu + s.io + s.lock + s.lwlock;
  const bool never_active = s.cpu + s.io + s.lock + s.lwlock + s.client + s.other <= 0.0;
  plan.resource_share = never_active ? 1.0 : std::clamp(resource, kMinResourceShare, 1.0);
  plan.connection_capacity =
      clamp_int(ceil_count(plan.core_capacity / plan.resource_share), plan.core_capacity, kPostgresMaxConnections);
  plan.server_budget = std::max(1, std::min(plan.connection_capacity, plan.available_connections));
}

void plan_demand(PoolPlan& plan, const WindowActivity& activity) {
  const int budget = plan.server_budget;
  plan.steady = clamp_int(ceil_count(activity.busy.p95), 1, budget);
  plan.minimum = clamp_int(ceil_count(activity.busy.p50), 0, plan.steady);
  plan.peak = clamp_int(ceil_count(activity.busy.p99), plan.steady, budget);
}

void plan_split(PoolPlan& plan, const InstanceEstimate& instances, const AdviceRequest& request) {
  if (request.app_instances) {
    plan.instances = std::max(*request.app_instances, 1);
    plan.instance_source = InstanceSource::kGiven;
  } else if (instances.count > 0) {
    plan.instances = instances.count;
    plan.instance_source = InstanceSource::kInferred;
  } else {
    plan.instances = 1;
    plan.instance_source = InstanceSource::kAssumed;
  }
  plan.workers_per_instance = std::max(request.workers_per_instance, 1);
  plan.pools = static_cast<std::int64_t>(plan.instances) * plan.workers_per_instance;
  plan.per_pool_max = clamp_int(plan.server_budget / plan.pools, 1, plan.server_budget);
  plan.per_pool_steady = clamp_int(ceil_div(plan.steady, plan.pools), 1, plan.per_pool_max);
}

void plan_max_connections(PoolPlan& plan, const WindowActivity& activity, const ServerFacts& server) {
  const std::int64_t planned = plan.pools * plan.per_pool_max;
  plan.client_connections_needed =
      std::max({ceil_count(activity.connections.max), static_cast<std::int64_t>(std::max(server.client_connections, 0)),
                planned});
  plan.admin_headroom = static_cast<int>(std::max<std::int64_t>(
      kMinAdminHeadroom, ceil_div(std::min(plan.client_connections_needed, kPostgresMaxConnections), 10)));
  if (!plan.has_samples()) return;
  const std::int64_t total = plan.client_connections_needed + plan.admin_headroom +
                             std::max(server.superuser_reserved_connections, 0) +
                             std::max(server.reserved_connections, 0);
  plan.recommended_max_connections = clamp_int(total, 1, kPostgresMaxConnections);
}

void plan_timeouts(PoolPlan& plan, const WorkloadFacts& workload, const ServerFacts& server) {
  if (!plan.has_statements()) {
    plan.acquire_missing = plan.statements_missing;
  } else {
    for (const RoleLatency& role : workload.roles) {
      if (role.calls < kMinStatementCalls || !std::isfinite(role.p99_ms) || role.p99_ms < 0) continue;
      if (!plan.slowest_role || role.p99_ms > plan.slowest_role->p99_ms) plan.slowest_role = role;
    }
    if (plan.slowest_role) {
      const double seconds = kAcquireLatencyMultiple * plan.slowest_role->p99_ms / 1000.0;
      plan.acquire_timeout_s = clamp_int(ceil_count(std::min(seconds, 1e6)), kMinAcquireTimeoutS, kMaxAcquireTimeoutS);
    } else {
      plan.acquire_missing = fmt::format("no role has {} statement calls for a p99 latency", kMinStatementCalls);
    }
  }
  plan.idle_close_ms = kIdleCloseMs;
  if (server.idle_session_timeout_ms > 0) {
    plan.idle_close_ms = std::clamp<std::int64_t>(server.idle_session_timeout_ms / 2, 1, kIdleCloseMs);
  }
}

}  // namespace

PoolPlan make_plan(const WindowActivity& activity, const InstanceEstimate& instances, const WorkloadFacts& workload,
                   const ServerFacts& server, const AdviceRequest& request) {
  PoolPlan plan;
  plan_data(plan, activity, workload);
  plan_capacity(plan, activity, workload, server);
  plan_demand(plan, activity);
  plan_split(plan, instances, request);
  plan_max_connections(plan, activity, server);
  plan_timeouts(plan, workload, server);
  if (plan.has_statements()) plan.little = cross_check(workload, activity);
  return plan;
}

}  // namespace insights::pool
