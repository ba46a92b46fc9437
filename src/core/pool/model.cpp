// The concurrency model: window summary, Little's law, instance count.
#include "core/pool/model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <set>
#include <string_view>

namespace insights::pool {
namespace {

struct Observation {
  double value;
  std::uint64_t weight;
};

// Weighted nearest-rank: the smallest value whose cumulative weight reaches
// q × total. Nearest-rank rather than interpolation so that a percentile is
// always a value that was observed. `sorted` is ordered by value.
double weighted_quantile(const std::vector<Observation>& sorted, std::uint64_t total_weight, double q) {
  if (sorted.empty() || total_weight == 0) return 0.0;
  // The rank as an integer, so that 0.95 × 1000 is 950 and not 950.0000001.
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total_weight) - 1e-9));
  std::uint64_t cumulative = 0;
  for (const Observation& o : sorted) {
    cumulative += o.weight;
    if (cumulative >= rank) return o.value;
  }
  return sorted.back().value;
}

// Collects the per-second observations of one quantity and turns them into a
// Distribution.
class DistributionBuilder {
 public:
  void add(std::uint64_t state_sum, std::uint32_t samples, double second_max) {
    observations_.push_back({static_cast<double>(state_sum) / samples, samples});
    sum_ += state_sum;
    samples_ += samples;
    max_ = std::max(max_, second_max);
  }

  Distribution build() {
    std::sort(observations_.begin(), observations_.end(),
              [](const Observation& a, const Observation& b) { return a.value < b.value; });
    Distribution d;
    if (samples_ == 0) return d;
    d.mean = static_cast<double>(sum_) / static_cast<double>(samples_);
    d.p50 = weighted_quantile(observations_, samples_, 0.50);
    d.p95 = weighted_quantile(observations_, samples_, 0.95);
    d.p99 = weighted_quantile(observations_, samples_, 0.99);
    d.max = max_;
    return d;
  }

 private:
  std::vector<Observation> observations_;
  std::uint64_t sum_ = 0;
  std::uint64_t samples_ = 0;
  double max_ = 0.0;
};

std::uint64_t state_sum(const SecondSummary& s, BackendState state) { return s.state_sum[static_cast<int>(state)]; }

std::uint64_t active_sum(const SecondSummary& s) {
  std::uint64_t sum = 0;
  for (int i = 0; i < kStateCount; ++i) {
    if (is_active(static_cast<BackendState>(i))) sum += s.state_sum[i];
  }
  return sum;
}

std::uint64_t connection_sum(const SecondSummary& s) {
  std::uint64_t sum = 0;
  for (int i = 0; i < kStateCount; ++i) sum += s.state_sum[i];
  return sum;
}

bool in_window(std::int64_t epoch, std::int64_t now_epoch, double window_seconds) {
  return epoch <= now_epoch && static_cast<double>(now_epoch - epoch) < window_seconds;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// Interactive and maintenance clients: a person or a cron job, not a pool.
bool is_tool(std::string_view name) {
  static constexpr std::string_view kTools[] = {"psql", "pg_dump", "pg_restore", "pgadmin", "pg_insights"};
  for (std::string_view tool : kTools) {
    if (starts_with_ignoring_case(name, tool)) return true;
  }
  return false;
}

}  // namespace

WindowActivity summarize(const std::vector<SecondSummary>& seconds, std::int64_t now_epoch, double window_seconds) {
  WindowActivity w;
  w.window_seconds = window_seconds;
  DistributionBuilder active, idle_in_transaction, connections, busy;
  std::uint64_t state_totals[kStateCount] = {};
  std::uint64_t idle_total = 0;
  std::vector<double> spans;

  for (const SecondSummary& s : seconds) {
    if (s.epoch_second == 0 || s.samples == 0 || !in_window(s.epoch_second, now_epoch, window_seconds)) continue;
    ++w.seconds_covered;
    w.samples += s.samples;
    const std::uint64_t act = active_sum(s);
    const std::uint64_t iit = state_sum(s, BackendState::kIdleInTransaction);
    const std::uint64_t all = connection_sum(s);
    active.add(act, s.samples, s.max_active);
    idle_in_transaction.add(iit, s.samples, s.max_idle_in_transaction);
    connections.add(all, s.samples, s.max_connections);
    busy.add(act + iit, s.samples, static_cast<double>(act + iit) / s.samples);
    idle_total += state_sum(s, BackendState::kIdle);
    for (int i = 0; i < kStateCount; ++i) state_totals[i] += s.state_sum[i];
    if (s.longest_idle_in_transaction_ms > 0) spans.push_back(s.longest_idle_in_transaction_ms);
  }

  w.active = active.build();
  w.idle_in_transaction = idle_in_transaction.build();
  w.connections = connections.build();
  w.busy = busy.build();
  if (w.samples > 0) w.mean_idle = static_cast<double>(idle_total) / static_cast<double>(w.samples);

  std::uint64_t active_total = 0;
  for (int i = 0; i < kStateCount; ++i) {
    if (is_active(static_cast<BackendState>(i))) active_total += state_totals[i];
  }
  if (active_total > 0) {
    auto share = [&](BackendState state) {
      return static_cast<double>(state_totals[static_cast<int>(state)]) / static_cast<double>(active_total);
    };
    w.shares = {share(BackendState::kActiveCpu),    share(BackendState::kActiveIo),
                share(BackendState::kActiveLock),   share(BackendState::kActiveLwlock),
                share(BackendState::kActiveClient), share(BackendState::kActiveOther)};
  }

  if (!spans.empty()) {
    std::sort(spans.begin(), spans.end());
    w.longest_idle_in_transaction_ms = spans.back();
    std::vector<Observation> unweighted;
    unweighted.reserve(spans.size());
    for (double span : spans) unweighted.push_back({span, 1});
    w.p95_idle_in_transaction_ms = weighted_quantile(unweighted, unweighted.size(), 0.95);
  }
  return w;
}

std::optional<LittlesLaw> littles_law(const WorkloadFacts& workload) {
  if (!(workload.elapsed_seconds > 0.0) || !std::isfinite(workload.elapsed_seconds)) return std::nullopt;
  LittlesLaw law;
  const double total_ms = std::isfinite(workload.total_ms) ? std::max(workload.total_ms, 0.0) : 0.0;
  law.throughput_per_second = static_cast<double>(workload.calls) / workload.elapsed_seconds;
  law.mean_latency_ms = workload.calls > 0 ? total_ms / static_cast<double>(workload.calls) : 0.0;
  law.mean_busy_connections = total_ms / 1000.0 / workload.elapsed_seconds;
  return law;
}

std::optional<LittleCrossCheck> cross_check(const WorkloadFacts& workload, const WindowActivity& activity) {
  const std::optional<LittlesLaw> law = littles_law(workload);
  if (!law) return std::nullopt;
  LittleCrossCheck check;
  check.law = *law;
  check.sampled_mean_active = activity.active.mean;
  if (activity.active.mean > 0.0) check.ratio = law->mean_busy_connections / activity.active.mean;
  return check;
}

std::optional<double> cache_hit_ratio(const WorkloadFacts& workload) {
  const std::uint64_t touched = workload.shared_blks_hit + workload.shared_blks_read;
  if (touched == 0) return std::nullopt;
  return static_cast<double>(workload.shared_blks_hit) / static_cast<double>(touched);
}

InstanceEstimate infer_instances(const std::vector<GroupActivity>& groups, std::int64_t now_epoch,
                                 double window_seconds) {
  std::set<std::string> names;
  for (const GroupActivity& g : groups) {
    // No upper bound: a group the sampler touched after `now` was taken is
    // still in the window.
    if (g.samples == 0 || !(static_cast<double>(now_epoch - g.last_seen_epoch) < window_seconds)) continue;
    const std::string name(g.name, strnlen(g.name, kGroupNameBytes));
    if (!is_tool(name)) names.insert(name);
  }
  InstanceEstimate estimate;
  estimate.groups.assign(names.begin(), names.end());
  estimate.count = static_cast<int>(estimate.groups.size());
  return estimate;
}

}  // namespace insights::pool
