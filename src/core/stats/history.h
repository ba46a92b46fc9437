// The per-statement history: what a statement did in one time bucket, as
// the difference between its counters at two bucket changes, and the
// arithmetic of buckets. The background worker computes these (pure
// functions here), the shared-memory ring keeps them (pg/stats/history.h).
#pragma once

#include <cstdint>
#include <type_traits>

#include "core/stats/coarse_histogram.h"
#include "core/stats/statement_counters.h"

namespace insights {

// Start of the bucket that holds time t (microseconds, any epoch), for
// buckets of `length` microseconds (> 0) aligned on the epoch: floor, also
// for times before the epoch.
std::int64_t bucket_start(std::int64_t t, std::int64_t length) noexcept;

// Wait classes of a sampled backend running a statement: the top byte of
// PostgreSQL's wait_event_info (PG_WAIT_LWLOCK = 0x01 … PG_WAIT_IO = 0x0A),
// with 0, no wait event while active, meaning "on CPU".
inline constexpr int kWaitClasses = 11;
inline constexpr int kWaitClassCpu = 0;
// "CPU", "LWLock", "Lock", "IO", … (nullptr for a class PostgreSQL does not use).
const char* wait_class_name(int wait_class) noexcept;
int wait_class_of(std::uint32_t wait_event_info) noexcept;

// One statement in one bucket.
struct HistoryDelta {
  std::uint32_t calls;
  std::uint32_t slow_calls;
  std::int64_t rows;
  double total_ms;
  std::int64_t shared_blks_hit;
  std::int64_t shared_blks_read;
  CoarseHistogram latency;
  std::uint32_t wait_samples[kWaitClasses];  // sampler observations, by class

  bool empty() const noexcept;
  // From the coarse histogram; exact for a single call (its time).
  double p95_ms() const noexcept { return calls == 1 ? total_ms : latency.quantile(0.95); }
};
static_assert(std::is_trivially_copyable_v<HistoryDelta>);

// Whether `now` continues `before` (the same entry, counted further) rather
// than being a new entry under the same key (evicted and re-created, or
// reset) since the previous bucket change.
bool continues(const StatementCounters& now, const StatementCounters& before) noexcept;

// The calls between two bucket changes: now − before, or now alone when
// before is nullptr (the entry is new) or does not continue.
HistoryDelta history_delta(const StatementCounters& now, const StatementCounters* before) noexcept;

}  // namespace insights
