// The concurrency model behind pool advice: what the sampler saw in a time
// window, what Little's law says about the same workload, and how many
// application instances there are.
//
// Plain value types, filled by src/pg from the sampler's ring
// (SecondSummary), its group table (GroupActivity) and the statement store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/pool/activity.h"

namespace insights::pool {

// A distribution of connection counts over the window. The observations are
// the per-second means (state sum / samples), each weighted by the number of
// samples taken in that second; percentiles are weighted nearest-rank (the
// smallest observation whose cumulative weight reaches q of the total).
struct Distribution {
  double mean = 0.0;  // over all samples: sum of state sums / samples
  double p50 = 0.0;
  double p95 = 0.0;
  double p99 = 0.0;
  double max = 0.0;  // see WindowActivity for where each max comes from
};

// How active time splits across what active backends were doing. Each field
// is that state's share of all active backend-samples (they sum to 1); all
// zero when no backend was ever active.
struct ActiveShares {
  double cpu = 0.0;
  double io = 0.0;
  double lock = 0.0;    // heavyweight locks (wait_event_type Lock)
  double lwlock = 0.0;  // lightweight locks (LWLock)
  double client = 0.0;
  double other = 0.0;
};

// What the sampler saw in one window.
struct WindowActivity {
  double window_seconds = 0.0;       // as requested
  std::int64_t seconds_covered = 0;  // seconds in the window that hold samples
  std::uint64_t samples = 0;         // samples taken in those seconds

  // max from the per-second max fields (the most in any one sample).
  Distribution active;
  Distribution idle_in_transaction;
  Distribution connections;
  // Active + idle in transaction: connections held by a transaction, which is
  // what a transaction-mode pool must serve. The ring keeps no per-sample
  // maximum of the sum, so busy.max is the largest per-second mean.
  Distribution busy;
  double mean_idle = 0.0;  // idle (not in a transaction) connections, mean over samples

  ActiveShares shares;

  // The longest idle-in-transaction span of any second, and the 95th
  // percentile of the per-second longest spans over the seconds that had one
  // (each second one unweighted observation). 0 when none was seen.
  double longest_idle_in_transaction_ms = 0.0;
  double p95_idle_in_transaction_ms = 0.0;
};

// Summarizes the seconds with epoch_second in (now_epoch - window_seconds,
// now_epoch]. Empty slots (epoch_second 0 or no samples) and seconds outside
// the window are skipped; the order of `seconds` does not matter.
WindowActivity summarize(const std::vector<SecondSummary>& seconds, std::int64_t now_epoch, double window_seconds);

// One role's latency, from the statement store.
struct RoleLatency {
  std::string role;
  std::uint64_t calls = 0;
  double p99_ms = 0.0;
  double max_ms = 0.0;
};

// What the statement store says about the workload over elapsed_seconds of
// wall time. Top-level statements only: nested statements would count their
// time twice.
struct WorkloadFacts {
  std::uint64_t calls = 0;
  double total_ms = 0.0;         // total execution time of those calls
  double elapsed_seconds = 0.0;  // wall time the counters cover
  std::uint64_t distinct_statements = 0;
  std::uint64_t temp_blks_written = 0;
  // Calls of the statements that wrote temp blocks (a statement's calls count
  // when its temp_blks_written > 0): the spill per spilling call.
  std::uint64_t spilling_calls = 0;
  std::uint64_t shared_blks_hit = 0;
  std::uint64_t shared_blks_read = 0;
  std::vector<RoleLatency> roles;
};

// Little's law, L = λ × W: the mean number of statements in execution equals
// throughput times mean latency, which is total statement time / elapsed
// wall time (Little, "A Proof for the Queuing Formula L = λW", 1961).
struct LittlesLaw {
  double throughput_per_second = 0.0;  // λ = calls / elapsed
  double mean_latency_ms = 0.0;        // W = total_ms / calls; 0 without calls
  double mean_busy_connections = 0.0;  // L = total_ms / 1000 / elapsed
};

// nullopt when elapsed_seconds is not positive.
std::optional<LittlesLaw> littles_law(const WorkloadFacts& workload);

// Little's law against the sampler: both estimate the mean number of active
// connections, from independent measurements.
struct LittleCrossCheck {
  LittlesLaw law;
  double sampled_mean_active = 0.0;
  std::optional<double> ratio;  // law / sampled; nullopt when nothing was sampled active
};

std::optional<LittleCrossCheck> cross_check(const WorkloadFacts& workload, const WindowActivity& activity);

// shared_blks_hit / (hit + read); nullopt when no block was touched.
std::optional<double> cache_hit_ratio(const WorkloadFacts& workload);

// Application instances, counted as the distinct client group names
// (application_name, else client address) seen in the window, in any
// database. Interactive and maintenance tools (psql, pg_dump, pg_restore,
// pgAdmin, pg_insights) are not application instances and are left out.
struct InstanceEstimate {
  int count = 0;
  std::vector<std::string> groups;  // the names counted, sorted
};

InstanceEstimate infer_instances(const std::vector<GroupActivity>& groups, std::int64_t now_epoch,
                                 double window_seconds);

}  // namespace insights::pool
