#include "core/stats/statement_counters.h"

#include <cmath>

namespace insights {

namespace {

// Rare parts of record(), out of line so that the common call stays short.
void record_planning(StatementCounters& c, double d) noexcept {
  if (c.plans == 0 || (c.min_plan_time == 0.0 && c.max_plan_time == 0.0)) {
    c.min_plan_time = c.max_plan_time = d;
  } else {
    if (d < c.min_plan_time) c.min_plan_time = d;
    if (d > c.max_plan_time) c.max_plan_time = d;
  }
  ++c.plans;
  const double delta = d - c.mean_plan_time;
  c.mean_plan_time += delta / static_cast<double>(c.plans);
  c.sum_sq_plan_time += delta * (d - c.mean_plan_time);
  c.total_plan_time += d;
}

void record_jit(StatementCounters& c, const JitUsage& j) noexcept {
  c.jit_functions += j.functions;
  c.jit_generation_time += j.generation_time;
  if (j.inlining_time > 0) ++c.jit_inlining_count;
  c.jit_inlining_time += j.inlining_time;
  if (j.optimization_time > 0) ++c.jit_optimization_count;
  c.jit_optimization_time += j.optimization_time;
  if (j.emission_time > 0) ++c.jit_emission_count;
  c.jit_emission_time += j.emission_time;
  if (j.deform_time > 0) ++c.jit_deform_count;
  c.jit_deform_time += j.deform_time;
}

[[gnu::noinline]] void record_extras(StatementCounters& c, const ExecutionExtras& x) noexcept {
  if (x.planning != nullptr) record_planning(c, x.planning->duration_ms);
  if (x.jit != nullptr) record_jit(c, *x.jit);
  if (x.cpu != nullptr) {
    c.cpu_user_time += x.cpu->user_time;
    c.cpu_system_time += x.cpu->system_time;
  }
}

}  // namespace

void StatementCounters::record(const Execution& e) noexcept {
  const double d = e.duration_ms;
  if (calls == 0) {
    min_ms = max_ms = d;
    first_seen = e.timestamp;
  } else if (minmax_reset != 0) {
    min_ms = max_ms = d;
    minmax_reset = 0;
  } else {
    if (d < min_ms) min_ms = d;
    if (d > max_ms) max_ms = d;
  }
  ++calls;
  const double delta = d - mean_ms;
  mean_ms += delta / static_cast<double>(calls);
  sum_sq_ms += delta * (d - mean_ms);
  total_ms += d;
  rows += static_cast<std::int64_t>(e.rows);
  if (e.slow) ++slow_calls;
  if (e.cancelled) {
    ++cancelled;
    cancelled_ms += d;
  }
  blocks.add(e.blocks);
  if (e.extras != nullptr) record_extras(*this, *e.extras);
  if (e.timestamp > last_seen) last_seen = e.timestamp;
  if (e.literal_text_hash != 0) literal_texts.add(e.literal_text_hash);
  latency.record(d);
}

void StatementCounters::upgrade_from_format4() noexcept {
  blocks.shared_blks_hit = format4_shared_blks_hit;
  blocks.shared_blks_read = format4_shared_blks_read;
  blocks.temp_blks_written = format4_temp_blks_written;
  format4_shared_blks_hit = format4_shared_blks_read = format4_temp_blks_written = 0;
}

void StatementCounters::reset_minmax(std::int64_t now) noexcept {
  min_ms = max_ms = 0.0;
  min_plan_time = max_plan_time = 0.0;
  minmax_reset = 1;
  minmax_stats_since = now;
}

void StatementCounters::record_repeats(std::int64_t count) noexcept {
  ++repeated_transactions;
  repeats_sum += count;
  if (count > repeats_max) repeats_max = count;
}

double StatementCounters::stddev_ms() const noexcept {
  if (calls < 2) return 0.0;
  return std::sqrt(sum_sq_ms / static_cast<double>(calls));
}

}  // namespace insights

namespace insights {

double StatementCounters::stddev_plan_time() const noexcept {
  if (plans < 2) return 0.0;
  return std::sqrt(sum_sq_plan_time / static_cast<double>(plans));
}

}  // namespace insights
