// The insights.* GUCs (defined in module.cpp).
#pragma once

namespace insights::pg {

enum class TrackLevel : int { kNone = 0, kTop = 1, kAll = 2 };

// insights.advice_selection: which selection index_advice() runs. Extend is
// the published algorithm it is benchmarked against (extend_selection.h).
enum class AdviceSelection : int { kPgInsights = 0, kExtend = 1 };

struct Settings {
  int max_statements;       // insights.max_statements (postmaster)
  int max_query_length;     // insights.max_query_length: bytes of normalized text kept
  int track;                // insights.track, a TrackLevel
  bool track_utility;       // insights.track_utility
  bool save;                // insights.save
  double slow_threshold_ms; // insights.slow_threshold_ms
  bool log_slow;            // insights.log_slow
  double advice_min_ms;     // insights.advice_min_ms: a call this long keeps a sample
  double advice_sample_rate;  // insights.advice_sample_rate: else keep one with this probability
  int sample_interval_ms;     // insights.sample_interval_ms: activity sampler period
  bool sample_activity;       // insights.sample_activity: the sampler samples
  int n_plus_one_min_repeats; // insights.n_plus_one_min_repeats: runs per transaction that count as N+1
  int advice_selection;       // insights.advice_selection, an AdviceSelection
  int history_interval_s;     // insights.history_interval: length of a history bucket
  int history_max_rows;       // insights.history_max_rows (postmaster): rows of the history ring
  bool track_planning;        // insights.track_planning: plans and plan time, as pg_stat_statements
  bool track_cpu;             // insights.track_cpu: user and system CPU time per statement
};

extern Settings settings;

// Bytes of text storage per tracked statement (the arena holds
// max_statements of them; texts are usually much shorter than the cap).
// Covers the normalized text and, for statements that get one, a sample.
inline constexpr int kTextBytesPerStatement = 2048;

// Upper bound of insights.max_statements. Texts are addressed by 32-bit
// offsets (text_arena.h) in an arena of max_statements × 2 KiB, which must
// stay below 4 GiB: 2,000,000 statements make 3.8 GiB (and ~2 GB of entries).
inline constexpr int kMaxStatementsLimit = 2000000;

}  // namespace insights::pg
