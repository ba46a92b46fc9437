// _PG_init: the insights.* settings, shared memory and hooks.
#include "core/stats/text_arena.h"
#include "pg/advice/hypothetical_index.h"
#include "pg/advice/index_outcomes.h"
#include "pg/compat.h"
#include "pg/pool/activity_sampler.h"
#include "pg/report/report_settings.h"
#include "pg/settings.h"
#include "pg/shared_memory.h"
#include "pg/stats/capture.h"
#include "pg/stats/history.h"
#include "pg/stats/statement_errors.h"
#include "pg/stats/statement_plans.h"
#include "pg/stats/store.h"

extern "C" {
#include "fmgr.h"
#include "miscadmin.h"
#include "storage/ipc.h"
#include "utils/guc.h"
#include INSIGHTS_JUMBLE_HEADER
}

#include <cfloat>
#include <climits>

extern "C" {
PG_MODULE_MAGIC;
PGDLLEXPORT void _PG_init(void) COMPAT_PG_INIT_NOEXCEPT;
}

namespace insights::pg {

Settings settings = {
    5000,   // max_statements
    4096,   // max_query_length
    static_cast<int>(TrackLevel::kTop),
    true,   // track_utility
    true,   // save
    100.0,  // slow_threshold_ms
    false,  // log_slow
    1.0,    // advice_min_ms
    0.01,   // advice_sample_rate
    100,    // sample_interval_ms
    true,   // sample_activity
    20,     // n_plus_one_min_repeats
    static_cast<int>(AdviceSelection::kPgInsights),
    300,    // history_interval_s
    50000,  // history_max_rows
    false,  // track_planning (off, as pg_stat_statements.track_planning)
    false,  // track_cpu
};

namespace {

static_assert(static_cast<std::uint64_t>(kMaxStatementsLimit) * kTextBytesPerStatement < kNoText,
              "every text offset must fit in 32 bits (TextRef)");

const struct config_enum_entry track_options[] = {
    {"none", static_cast<int>(TrackLevel::kNone), false},
    {"top", static_cast<int>(TrackLevel::kTop), false},
    {"all", static_cast<int>(TrackLevel::kAll), false},
    {nullptr, 0, false},
};

const struct config_enum_entry advice_selection_options[] = {
    {"pg_insights", static_cast<int>(AdviceSelection::kPgInsights), false},
    {"extend", static_cast<int>(AdviceSelection::kExtend), false},
    {nullptr, 0, false},
};

shmem_request_hook_type prev_shmem_request = nullptr;
shmem_startup_hook_type prev_shmem_startup = nullptr;

// The memory of every area at once (shared_memory.h), then each part's
// LWLock tranche.
void shmem_request() noexcept {
  if (prev_shmem_request) prev_shmem_request();
  request_shared_memory();
  store_request_shmem();
  statement_errors_request_shmem();
  statement_plans_request_shmem();
  activity_request_shmem();
  history_request_shmem();
}

void shmem_startup() noexcept {
  if (prev_shmem_startup) prev_shmem_startup();
  store_startup_shmem();
  statement_errors_startup_shmem();
  statement_plans_startup_shmem();
  activity_startup_shmem();
  history_startup_shmem();
  index_outcomes_startup_shmem();
}

void define_settings() {
  DefineCustomIntVariable("insights.max_statements", "Maximum number of statements tracked by pg_insights.",
                          "The least used statements are evicted when the limit is reached. At most 2000000: "
                          "their texts must fit in 32-bit offsets.",
                          &settings.max_statements, settings.max_statements, 100, kMaxStatementsLimit, PGC_POSTMASTER, 0,
                          nullptr, nullptr, nullptr);
  DefineCustomIntVariable("insights.max_query_length",
                          "Longest normalized statement text kept, in bytes; longer texts are truncated.", nullptr,
                          &settings.max_query_length, settings.max_query_length, 64, kTextBytesPerStatement * 64,
                          PGC_SUSET, GUC_UNIT_BYTE, nullptr, nullptr, nullptr);
  DefineCustomEnumVariable("insights.track", "Which statements pg_insights tracks.",
                           "top: statements issued by clients; all: also statements inside functions; none: off.",
                           &settings.track, settings.track, track_options, PGC_SUSET, 0, nullptr, nullptr, nullptr);
  DefineCustomBoolVariable("insights.track_utility", "Whether pg_insights tracks utility statements.", nullptr,
                           &settings.track_utility, settings.track_utility, PGC_SUSET, 0, nullptr, nullptr, nullptr);
  DefineCustomBoolVariable("insights.track_planning", "Whether pg_insights counts planning (plans, plan time).",
                           "Off by default, as pg_stat_statements.track_planning: it times every planning.",
                           &settings.track_planning, settings.track_planning, PGC_SUSET, 0, nullptr, nullptr, nullptr);
  DefineCustomBoolVariable("insights.track_cpu", "Whether pg_insights measures user and system CPU time per statement.",
                           "getrusage() at the start and end of each execution.", &settings.track_cpu,
                           settings.track_cpu, PGC_SUSET, 0, nullptr, nullptr, nullptr);
  DefineCustomBoolVariable("insights.save", "Keep pg_insights statistics across server restarts.", nullptr,
                           &settings.save, settings.save, PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
  DefineCustomRealVariable("insights.slow_threshold_ms", "Duration from which a statement execution counts as slow.",
                           nullptr, &settings.slow_threshold_ms, settings.slow_threshold_ms, 0.0, DBL_MAX, PGC_SUSET,
                           0, nullptr, nullptr, nullptr);
  DefineCustomBoolVariable("insights.log_slow", "Log one line for each slow statement execution.", nullptr,
                           &settings.log_slow, settings.log_slow, PGC_SUSET, 0, nullptr, nullptr, nullptr);
  DefineCustomRealVariable("insights.advice_min_ms",
                           "A statement's first call at least this long keeps a sample for index advice.",
                           "Statements faster than this still get a sample with probability insights.advice_sample_rate.",
                           &settings.advice_min_ms, settings.advice_min_ms, 0.0, DBL_MAX, PGC_SUSET, 0, nullptr,
                           nullptr, nullptr);
  DefineCustomRealVariable("insights.advice_sample_rate",
                           "Probability that a faster call keeps a sample for index advice.", nullptr,
                           &settings.advice_sample_rate, settings.advice_sample_rate, 0.0, 1.0, PGC_SUSET, 0,
                           nullptr, nullptr, nullptr);
  DefineCustomIntVariable("insights.sample_interval_ms", "How often the activity sampler samples backend states.",
                          nullptr, &settings.sample_interval_ms, settings.sample_interval_ms, 10, 60000, PGC_SIGHUP,
                          GUC_UNIT_MS, nullptr, nullptr, nullptr);
  DefineCustomBoolVariable("insights.sample_activity", "Whether the activity sampler samples backend states.",
                           "Off leaves only samples fed by insights.inject_activity().", &settings.sample_activity,
                           settings.sample_activity, PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
  DefineCustomIntVariable("insights.n_plus_one_min_repeats",
                          "Runs of one statement within one transaction from which it counts as an N+1 pattern.",
                          nullptr, &settings.n_plus_one_min_repeats, settings.n_plus_one_min_repeats, 2, 1000000,
                          PGC_SUSET, 0, nullptr, nullptr, nullptr);
  DefineCustomEnumVariable("insights.advice_selection", "Which index selection insights.index_advice() runs.",
                           "pg_insights: its own. extend: the published Extend algorithm over the same candidates "
                           "and hypothetical indexes, for benchmark comparisons (test/bench/index_advice_budget.sh).",
                           &settings.advice_selection, settings.advice_selection, advice_selection_options,
                           PGC_USERSET, 0, nullptr, nullptr, nullptr);
  define_report_settings();
  DefineCustomIntVariable("insights.history_interval", "Length of a bucket of the statement history.",
                          "The activity sampler closes a bucket when it ends: insights.statement_history() "
                          "shows each statement's calls per bucket. At most an hour: a bucket counts a "
                          "statement's calls in 32 bits.",
                          &settings.history_interval_s, settings.history_interval_s, 1, 3600, PGC_SIGHUP,
                          GUC_UNIT_S, nullptr, nullptr, nullptr);
  DefineCustomIntVariable("insights.history_max_rows",
                          "Rows of the statement history: one per statement that ran in a bucket.",
                          "The oldest rows are overwritten when it is full; 0 keeps no history.",
                          &settings.history_max_rows, settings.history_max_rows, 0, 10000000, PGC_POSTMASTER, 0,
                          nullptr, nullptr, nullptr);
  MarkGUCPrefixReserved("insights");
}

}  // namespace
}  // namespace insights::pg

void _PG_init(void) COMPAT_PG_INIT_NOEXCEPT {
  using namespace insights::pg;
  // Index advice for a given text needs no shared memory: its hypothetical
  // indexes work whether or not the library was preloaded.
  install_hypothetical_index_hook();
  // Loaded on demand (CREATE EXTENSION, insights.fingerprint()) without
  // preloading: the parser functions and index_advice_for() work, the
  // statistics do not, and the functions that need them say so.
  if (!process_shared_preload_libraries_in_progress) return;

  define_settings();
  EnableQueryId();

  prev_shmem_request = shmem_request_hook;
  shmem_request_hook = shmem_request;
  prev_shmem_startup = shmem_startup_hook;
  shmem_startup_hook = shmem_startup;
  install_capture_hooks();
  install_statement_errors_hook();
  register_activity_sampler();
}
