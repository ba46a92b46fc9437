#include "core/stats/counters_merge.h"

#include <algorithm>

namespace insights {

namespace {

// Minimum and maximum execution times. After reset_minmax() and before the
// next call an entry has none (minmax_reset): the other's are kept then.
// They cover calls since the earlier of the two entries' minmax_stats_since
// (0: since first_seen).
void merge_minmax(StatementCounters& into, const StatementCounters& from) noexcept {
  const bool into_has = into.minmax_reset == 0;
  const bool from_has = from.minmax_reset == 0;
  if (into_has && from_has) {
    into.min_ms = std::min(into.min_ms, from.min_ms);
    into.max_ms = std::max(into.max_ms, from.max_ms);
  } else if (from_has) {
    into.min_ms = from.min_ms;
    into.max_ms = from.max_ms;
    into.minmax_reset = 0;
  }
  const std::int64_t into_since = into.minmax_stats_since != 0 ? into.minmax_stats_since : into.first_seen;
  const std::int64_t from_since = from.minmax_stats_since != 0 ? from.minmax_stats_since : from.first_seen;
  into.minmax_stats_since = into.minmax_stats_since == 0 && from.minmax_stats_since == 0
                                ? 0
                                : std::min(into_since, from_since);
}

// Planning: counts and times as for execution (a reset leaves min and max
// at 0 until the next planning, as record() reads them).
void merge_planning(StatementCounters& into, const StatementCounters& from) noexcept {
  if (from.plans == 0) return;
  const bool from_minmax = !(from.min_plan_time == 0.0 && from.max_plan_time == 0.0);
  if (into.plans == 0 || (into.min_plan_time == 0.0 && into.max_plan_time == 0.0)) {
    into.min_plan_time = from.min_plan_time;
    into.max_plan_time = from.max_plan_time;
  } else if (from_minmax) {
    into.min_plan_time = std::min(into.min_plan_time, from.min_plan_time);
    into.max_plan_time = std::max(into.max_plan_time, from.max_plan_time);
  }
  const double n_a = static_cast<double>(into.plans);
  const double n_b = static_cast<double>(from.plans);
  const double delta = from.mean_plan_time - into.mean_plan_time;
  into.sum_sq_plan_time += from.sum_sq_plan_time + delta * delta * n_a * n_b / (n_a + n_b);
  into.mean_plan_time += delta * n_b / (n_a + n_b);
  into.plans += from.plans;
  into.total_plan_time += from.total_plan_time;
}

}  // namespace

void merge_counters(StatementCounters& into, const StatementCounters& from) noexcept {
  if (from.calls == 0) {
    // Repeats may be recorded for an entry without calls (a fold raced the
    // commit): keep them.
    into.repeated_transactions += from.repeated_transactions;
    into.repeats_sum += from.repeats_sum;
    into.repeats_max = std::max(into.repeats_max, from.repeats_max);
    return;
  }
  if (into.calls == 0) {
    const StatementCounters kept = into;
    into = from;
    into.repeated_transactions += kept.repeated_transactions;
    into.repeats_sum += kept.repeats_sum;
    into.repeats_max = std::max(into.repeats_max, kept.repeats_max);
    return;
  }
  const double n_a = static_cast<double>(into.calls);
  const double n_b = static_cast<double>(from.calls);
  const double n = n_a + n_b;
  const double delta = from.mean_ms - into.mean_ms;
  into.sum_sq_ms += from.sum_sq_ms + delta * delta * n_a * n_b / n;
  into.mean_ms += delta * n_b / n;
  into.calls += from.calls;
  into.rows += from.rows;
  into.total_ms += from.total_ms;
  merge_minmax(into, from);
  into.slow_calls += from.slow_calls;
  into.cancelled += from.cancelled;
  into.cancelled_ms += from.cancelled_ms;
  into.blocks.add(from.blocks);
  merge_planning(into, from);
  into.jit_functions += from.jit_functions;
  into.jit_generation_time += from.jit_generation_time;
  into.jit_inlining_count += from.jit_inlining_count;
  into.jit_inlining_time += from.jit_inlining_time;
  into.jit_optimization_count += from.jit_optimization_count;
  into.jit_optimization_time += from.jit_optimization_time;
  into.jit_emission_count += from.jit_emission_count;
  into.jit_emission_time += from.jit_emission_time;
  into.jit_deform_count += from.jit_deform_count;
  into.jit_deform_time += from.jit_deform_time;
  into.cpu_user_time += from.cpu_user_time;
  into.cpu_system_time += from.cpu_system_time;
  into.first_seen = std::min(into.first_seen, from.first_seen);
  into.last_seen = std::max(into.last_seen, from.last_seen);
  into.repeated_transactions += from.repeated_transactions;
  into.repeats_sum += from.repeats_sum;
  into.repeats_max = std::max(into.repeats_max, from.repeats_max);
  into.literal_texts.merge(from.literal_texts);
  into.latency.merge(from.latency);
}

}  // namespace insights
