// The bars a move of the selection must clear, and its rank.
#include "core/advice/choose.h"

#include <algorithm>
#include <limits>

namespace insights::advice {
namespace {

constexpr double kBytesPerMiB = 1024.0 * 1024.0;
constexpr double kPageBytes = 8192;

// The relative bar of a replacement: in proportion to the bytes it adds to
// the index it replaces, up to twin_replacement_pct when it doubles it.
double replacement_pct(const MoveGain& g, const Bars& bars) {
  const double growth = g.replaced_bytes > 0 ? std::max(g.added_bytes, 0.0) / g.replaced_bytes : 1.0;
  return std::max(bars.min_improvement_pct, bars.twin_replacement_pct * std::min(growth, 1.0));
}

}  // namespace

double ms_per_cost_per_hour(double calls, double mean_ms, double cost, double window_hours) {
  if (!(calls > 0 && mean_ms > 0 && cost > 0 && window_hours > 0)) return 0;
  return calls / window_hours * mean_ms / cost;
}

double size_ms_per_hour(double bytes) { return std::max(bytes, 0.0) / kBytesPerMiB * kSizeMsPerHourPerMiB; }

double index_write_ms_per_hour(double rows_written_per_hour, double predicate_selectivity) {
  return std::max(rows_written_per_hour, 0.0) * std::clamp(predicate_selectivity, 0.0, 1.0) * kIndexEntryWriteMs;
}

double net_ms_per_hour(const MoveGain& g) {
  if (g.ms_per_hour < 0) return -std::numeric_limits<double>::infinity();
  return g.ms_per_hour - g.write_ms_per_hour - size_ms_per_hour(g.added_bytes);
}

const char* refusal(const MoveGain& g, const Bars& bars) {
  // Written so that a NaN is refused too. An index must gain something,
  // whatever the threshold (0 included).
  if (!(g.cost_saved > 0 && g.best_statement_pct > 0)) return "no gain";
  double pct = g.replaced_bytes > 0 ? replacement_pct(g, bars) : bars.min_improvement_pct;
  const bool measured = g.ms_per_hour >= 0;
  if (!measured && g.repeats_unique_key) pct = std::max(pct, bars.twin_replacement_pct);
  if (!(g.best_statement_pct >= pct)) return "below min_improvement_pct for every statement";
  if (!measured) return nullptr;
  if (!(net_ms_per_hour(g) >= kMinNetMsPerHour)) return "saves less than its size and writes cost";
  if (g.only_fast_statements && !(g.ms_per_hour >= kLargeSavingMsPerHour))
    return "its statements are already fast and the saving is small";
  if (g.repeats_unique_key && !(g.ms_per_hour >= kLargeSavingMsPerHour))
    return "repeats a unique index's key and the saving is small";
  return nullptr;
}

double benefit_per_byte(const MoveGain& g) {
  const double benefit = g.ms_per_hour >= 0 ? net_ms_per_hour(g) : g.cost_saved;
  return benefit / std::max(g.added_bytes, kPageBytes);
}

}  // namespace insights::advice
