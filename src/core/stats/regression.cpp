#include "core/stats/regression.h"

#include <cstring>

namespace insights {

void WindowStats::add(const HistoryDelta& d) noexcept {
  calls += d.calls;
  total_ms += d.total_ms;
  latency.merge(d.latency);
  for (int k = 0; k < kWaitClasses; ++k) wait_samples[k] += d.wait_samples[k];
}

std::uint64_t WindowStats::samples() const noexcept {
  std::uint64_t n = 0;
  for (std::uint64_t s : wait_samples) n += s;
  return n;
}

double WindowStats::wait_share(int wait_class) const noexcept {
  const std::uint64_t n = samples();
  return n > 0 ? static_cast<double>(wait_samples[wait_class]) / static_cast<double>(n) : 0.0;
}

WaitChange wait_change(const WindowStats& baseline, const WindowStats& recent, const RegressionThresholds& t) noexcept {
  WaitChange best{-1, 0.0, 0.0, 0.0};
  if (recent.samples() < static_cast<std::uint64_t>(t.min_wait_samples) || recent.calls <= 0) return best;
  double best_rise = 0.0;
  for (int k = 0; k < kWaitClasses; ++k) {
    if (wait_class_name(k) == nullptr) continue;
    const double before = baseline.calls > 0 ? static_cast<double>(baseline.wait_samples[k]) / baseline.calls : 0.0;
    const double after = static_cast<double>(recent.wait_samples[k]) / recent.calls;
    const double rise = after - before;
    if (rise > best_rise && after >= 2.0 * before && recent.wait_share(k) >= t.min_wait_share) {
      best_rise = rise;
      best = WaitChange{k, before, after, recent.wait_share(k)};
    }
  }
  return best;
}

namespace {

double ratio(double now, double before) { return before > 0.0 ? now / before : 0.0; }

}  // namespace

Regression detect_regression(const HistoryBucket* buckets, std::size_t n, std::int64_t baseline_from,
                             std::int64_t recent_from, std::int64_t now, const RegressionThresholds& t) noexcept {
  Regression r;
  std::memset(&r, 0, sizeof r);
  r.wait_change.wait_class = -1;
  for (std::size_t i = 0; i < n; ++i) {
    const HistoryBucket& b = buckets[i];
    if (b.start >= recent_from && b.start <= now)
      r.recent.add(b.delta);
    else if (b.start >= baseline_from && b.start < recent_from)
      r.baseline.add(b.delta);
  }
  r.mean_ratio = ratio(r.recent.mean_ms(), r.baseline.mean_ms());
  r.p95_ratio = ratio(r.recent.p95_ms(), r.baseline.p95_ms());
  const double recent_hours = static_cast<double>(now - recent_from) / 3.6e9;
  const double rise_ms = r.recent.mean_ms() - r.baseline.mean_ms();
  r.extra_ms_per_hour =
      rise_ms > 0.0 && recent_hours > 0.0 ? rise_ms * static_cast<double>(r.recent.calls) / recent_hours : 0.0;
  r.wait_change = wait_change(r.baseline, r.recent, t);
  const bool enough_calls = r.baseline.calls >= t.min_calls && r.recent.calls >= t.min_calls;
  const bool rose = r.mean_ratio >= t.min_ratio || r.p95_ratio >= t.min_ratio;
  r.regressed = enough_calls && rose && r.extra_ms_per_hour >= t.min_extra_ms_per_hour;
  if (!r.regressed) return r;
  // When it started: the earliest recent bucket already over the bar.
  const double mean_bar = r.baseline.mean_ms() * t.min_ratio, p95_bar = r.baseline.p95_ms() * t.min_ratio;
  for (std::size_t i = 0; i < n; ++i) {
    const HistoryBucket& b = buckets[i];
    if (b.start < recent_from || b.start > now || b.delta.calls == 0) continue;
    const double mean = b.delta.total_ms / b.delta.calls;
    const double p95 = b.delta.p95_ms();
    if ((mean >= mean_bar || p95 >= p95_bar) && (r.started_at == 0 || b.start < r.started_at)) r.started_at = b.start;
  }
  return r;
}

}  // namespace insights
