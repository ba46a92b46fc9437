// The figures every pool rule shares, computed once from the model and the
// server facts: whether there is enough data, the server's connection budget,
// the measured demand, its split over the application's pools, and the
// timeouts the pools have in common. The rules (rules.h) only format these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/pool/advice.h"
#include "core/pool/model.h"

namespace insights::pool {

enum class InstanceSource { kGiven, kInferred, kAssumed };

// The acquire timeout's rule (see PoolPlan::acquire_timeout_s).
inline constexpr double kAcquireLatencyMultiple = 5.0;
inline constexpr int kMinAcquireTimeoutS = 5;
inline constexpr int kMaxAcquireTimeoutS = 30;

struct PoolPlan {
  // What the data allows: empty when there is enough, else what is missing,
  // as a phrase for the rationale.
  std::string samples_missing;     // fewer than kMinSampledSeconds seconds of samples
  std::string statements_missing;  // fewer than kMinStatementCalls statement calls
  bool has_samples() const { return samples_missing.empty(); }
  bool has_statements() const { return statements_missing.empty(); }

  // Capacity. PostgreSQL wiki "Number Of Database Connections" and HikariCP
  // "About Pool Sizing": throughput peaks near
  // active connections = 2 × cores + effective spindles.
  int cores = 1;
  std::optional<double> cache_hit_ratio;  // only with enough statements
  // The wiki: zero when the active data set is cached, growing as the hit
  // rate falls. We cannot see the disks, so: 1 when the hit ratio is under
  // 99%, else 0 (also when the ratio is unknown; the rationale says so).
  int effective_spindles = 0;
  int core_capacity = 2;          // 2 × cores + effective_spindles
  // That rule counts connections that use the server: on CPU, in IO, or
  // contending for locks. An active connection waiting on its client or on a
  // timer (pg_sleep, a client-side round trip) uses none of it, so when such
  // waits dominate the sampled active time, the cores carry proportionally
  // more connections: connection_capacity = ceil(core_capacity / resource_share),
  // resource_share = CPU + IO + Lock + LWLock share of active time (1 when
  // never active; at least 1%).
  double resource_share = 1.0;
  int connection_capacity = 2;
  int available_connections = 0;  // max_connections − superuser_reserved − reserved, ≥ 0
  int server_budget = 1;          // min(connection_capacity, available_connections), ≥ 1

  // Demand over the whole server, from the samples. Busy = active + idle in
  // transaction: a transaction holds its connection while idle.
  int steady = 1;   // ceil(p95 busy) within [1, server_budget]
  int minimum = 0;  // ceil(p50 busy) within [0, steady]
  int peak = 1;     // ceil(p99 busy) within [steady, server_budget]

  // The split over the application's pools: every worker process of every
  // instance has its own pool, and together they must stay within the budget.
  int instances = 1;
  InstanceSource instance_source = InstanceSource::kAssumed;
  int workers_per_instance = 1;
  std::int64_t pools = 1;   // instances × workers_per_instance
  int per_pool_max = 1;     // max(1, floor(server_budget / pools))
  int per_pool_steady = 1;  // min(per_pool_max, max(1, ceil(steady / pools)))

  // max_connections: the clients (the larger of the peak sampled, the
  // connections now and pools × per_pool_max) + admin headroom
  // max(3, ceil(clients / 10)) + superuser_reserved + reserved. Samples only.
  std::int64_t client_connections_needed = 0;
  int admin_headroom = 3;
  std::optional<int> recommended_max_connections;

  // How long a caller may wait for a connection (pool acquire timeouts,
  // PgBouncer's query_wait_timeout): 5 × the slowest role's p99 latency,
  // rounded up to whole seconds, within [5 s, 30 s]. At 5× a waiter outlasts
  // a pool's worth of slow statements finishing ahead of it; 5 s rides out a
  // checkpoint or vacuum hiccup; 30 s is HikariCP's connectionTimeout and
  // SQLAlchemy's pool_timeout default, past which callers have given up.
  std::optional<RoleLatency> slowest_role;  // highest p99 among roles with enough calls
  std::optional<int> acquire_timeout_s;
  std::string acquire_missing;  // why acquire_timeout_s is empty

  // Connection lifetime: HikariCP's documented maxLifetime default, 30 min.
  std::int64_t lifetime_ms = 30 * 60 * 1000;
  // Idle close time: 5 min, or half of idle_session_timeout when that is
  // shorter, so that the pool closes a connection before the server does.
  std::int64_t idle_close_ms = 5 * 60 * 1000;

  std::optional<LittleCrossCheck> little;  // only with enough statements
};

PoolPlan make_plan(const WindowActivity& activity, const InstanceEstimate& instances, const WorkloadFacts& workload,
                   const ServerFacts& server, const AdviceRequest& request);

}  // namespace insights::pool
