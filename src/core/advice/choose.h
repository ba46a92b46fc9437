// The bars a move of the selection (an index added, two added together, a
// chosen one replaced by a wider one) must clear, and the conversion of
// planner costs into milliseconds per hour of the recorded workload
// (docs/ARCHITECTURE.md, "Index selection").
#pragma once

#include <cstddef>
#include <vector>

#include "core/advice/index_candidate.h"

namespace insights::advice {

// What the planner said about a chosen index, for its row.
struct Evaluation {
  IndexCandidate candidate;
  double cost_before = 0;   // call-weighted planner cost of its statements without it
  double cost_after = 0;    // ... with it (hypothetically)
  double bytes = 0;         // estimate_index_bytes
  double improvement_pct() const { return cost_before > 0 ? 100.0 * (cost_before - cost_after) / cost_before : 0; }
};

// The absolute bar, in milliseconds of statement time saved per hour of the
// recorded workload (the ms a statement's calls take per hour, scaled by the
// planner's cost ratio; see statement_ms_per_hour):
//   net = saved − write cost − size cost ≥ kMinNetMsPerHour.
// A second of statement time per hour is the least an index must return.
inline constexpr double kMinNetMsPerHour = 1000;
// An index's bytes compete for the cache and the disk: 100 ms per hour per
// MiB (a 1 GiB index must save 100 s per hour, 2.8% of one core).
inline constexpr double kSizeMsPerHourPerMiB = 100;
// Each row written to the table adds an entry to the index (with its WAL):
// about 10 µs each (rows written per hour × this).
inline constexpr double kIndexEntryWriteMs = 0.01;
// A statement already faster than insights.advice_min_ms, or an index
// repeating an existing unique index's key, needs a large absolute saving:
// one minute of statement time per hour.
inline constexpr double kLargeSavingMsPerHour = 60000;

// What one move would do.
struct MoveGain {
  // The largest cut, in percent, of one statement's cost as it is now (with
  // the chosen indexes in place): min_improvement_pct applies per statement,
  // never to a share diluted over every statement touching the column.
  double best_statement_pct = 0;
  // Call-weighted planner cost saved over the workload.
  double cost_saved = 0;
  // Statement time saved per hour; negative when the statements' time is
  // unknown (index_advice_for): then only the relative bars apply.
  double ms_per_hour = -1;
  double write_ms_per_hour = 0;  // of the indexes it adds, less those it removes
  double added_bytes = 0;        // the same for their sizes
  double replaced_bytes = 0;     // the size of the index it replaces, 0 for an addition
  bool only_fast_statements = false;  // every statement it improves runs under advice_min_ms
  bool repeats_unique_key = false;    // an index it adds repeats an existing unique index's key
};

struct Bars {
  double min_improvement_pct = 20;
  // A replacement (a covering twin, or a key extended by a column) must cut
  // its statements' remaining cost by this much when it doubles the size of
  // the index it replaces (in proportion below that, never less than
  // min_improvement_pct): INCLUDE columns pay for their size. Also the
  // relative bar for a twin of a unique index when times are unknown.
  double twin_replacement_pct = 50;
};

// Call-weighted planner cost into statement ms per hour: calls per hour ×
// measured mean ms per unit of the planner's cost (before any advice).
// 0 when the mean or the cost is unknown.
double ms_per_cost_per_hour(double calls, double mean_ms, double cost, double window_hours);
double size_ms_per_hour(double bytes);
// The maintenance of one index on a table written at this rate; a partial
// index is written for the fraction of rows its predicate keeps.
double index_write_ms_per_hour(double rows_written_per_hour, double predicate_selectivity);
// ms_per_hour − write cost − size cost (negative infinity when unknown).
double net_ms_per_hour(const MoveGain& g);

// nullptr when the move clears every bar, else why not (for the tests).
const char* refusal(const MoveGain& g, const Bars& bars);

// Benefit per byte, to rank moves that clear the bars (Extend's ratio): net
// ms per hour when times are known, else the cost saved, per added byte
// (at least a page).
double benefit_per_byte(const MoveGain& g);

}  // namespace insights::advice
