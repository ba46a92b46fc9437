// Regression detection over a statement's history: its calls in a recent
// window against an earlier (baseline) window, both read from the history
// buckets (history.h). A statement regressed when its mean or p95 rose by
// at least `min_ratio` with enough calls on both sides; rows are ranked by
// the extra time per hour the rise costs. Pure: the SQL function feeds it
// one fingerprint's buckets at a time.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/stats/history.h"

namespace insights {

struct HistoryBucket {
  std::int64_t start;  // microseconds, the caller's epoch
  HistoryDelta delta;
};

struct RegressionThresholds {
  double min_ratio = 1.5;              // recent mean or p95 ≥ this × the baseline's
  std::int64_t min_calls = 20;         // in each window
  double min_extra_ms_per_hour = 0.0;  // what the rise costs at the recent rate
  // A wait change: the class whose samples per call rose the most, at
  // least doubled, making at least this share of the recent samples …
  double min_wait_share = 0.2;
  std::int64_t min_wait_samples = 5;  // … of at least this many
};

struct WindowStats {
  std::int64_t calls;
  double total_ms;
  CoarseHistogram latency;
  std::uint64_t wait_samples[kWaitClasses];

  void add(const HistoryDelta& d) noexcept;
  double mean_ms() const noexcept { return calls > 0 ? total_ms / static_cast<double>(calls) : 0.0; }
  double p95_ms() const noexcept { return calls == 1 ? total_ms : latency.quantile(0.95); }
  std::uint64_t samples() const noexcept;
  double wait_share(int wait_class) const noexcept;
};

// The wait class whose samples per call rose the most (wait_class < 0:
// none rose enough). Per call, not shares: a fast statement is rarely
// caught running, so its baseline has few samples, and a handful from the
// bucket where the change began would make any share look high. Samples
// per call × the sample interval is the time per call spent so.
struct WaitChange {
  int wait_class;
  double baseline_per_call;
  double recent_per_call;
  double recent_share;
};

struct Regression {
  bool regressed;
  WindowStats baseline;
  WindowStats recent;
  double mean_ratio;  // 0 when the baseline has none
  double p95_ratio;
  std::int64_t started_at;  // first recent bucket over the bar; 0 if none
  double extra_ms_per_hour;
  WaitChange wait_change;
};

// buckets: one statement's, any order. Baseline: [baseline_from,
// recent_from); recent: [recent_from, now]. now > recent_from > baseline_from.
Regression detect_regression(const HistoryBucket* buckets, std::size_t n, std::int64_t baseline_from,
                             std::int64_t recent_from, std::int64_t now, const RegressionThresholds& t) noexcept;

WaitChange wait_change(const WindowStats& baseline, const WindowStats& recent, const RegressionThresholds& t) noexcept;

}  // namespace insights
