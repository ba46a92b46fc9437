// Statement capture, as pg_stat_statements does it: ExecutorStart asks for
// instrumentation, ExecutorEnd reads it; ProcessUtility times utility
// statements itself. Nesting is tracked in ExecutorRun/Finish and
// ProcessUtility so that statements inside functions count as nested.
// A statement cancelled in ExecutorRun/Finish or ProcessUtility is counted
// from their PG_CATCH (cancellation.h). Samples: sample_capture.h.
//
// These functions run on every statement and may elog(ERROR) (palloc,
// LWLocks), so they are written without C++ objects that have destructors.
#include "pg/stats/capture.h"
#include "pg/compat.h"

#include "core/fnv1a.h"
#include "core/stats/literal_hash.h"
#include "core/stats/statement_sample.h"
#include "pg/advice/index_outcomes.h"
#include "pg/advice/plan_census.h"
#include "pg/settings.h"
#include "pg/stats/cancellation.h"
#include "pg/stats/constant_mask.h"
#include "pg/stats/cpu_time.h"
#include "pg/stats/fingerprint_cache.h"
#include "pg/stats/function_variables.h"
#include "pg/stats/parsed_text.h"
#include "pg/stats/pending_statements.h"
#include "pg/stats/planning.h"
#include "pg/stats/repeat_tracker.h"
#include "pg/stats/sample_capture.h"
#include "pg/stats/statement_plans.h"
#include "pg/stats/store.h"
#include "pgquery/pgquery.h"

extern "C" {
#include "access/parallel.h"
#include "access/xact.h"
#include "common/hashfn.h"
#include "executor/executor.h"
#include "executor/instrument.h"
#include "jit/jit.h"
#include "optimizer/planner.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/analyze.h"
#include "storage/bufmgr.h"
#include "tcop/utility.h"
#include "utils/guc.h"
#include INSIGHTS_JUMBLE_HEADER
}

#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace insights::pg {
namespace {

int nesting_level = 0;

ExecutorStart_hook_type prev_executor_start = nullptr;
ExecutorRun_hook_type prev_executor_run = nullptr;
ExecutorFinish_hook_type prev_executor_finish = nullptr;
ExecutorEnd_hook_type prev_executor_end = nullptr;
ProcessUtility_hook_type prev_process_utility = nullptr;
planner_hook_type prev_planner = nullptr;
post_parse_analyze_hook_type prev_post_parse_analyze = nullptr;

// Whether the store was there at the last look: it appears once, at
// start-up, and never goes away. Kept here because tracking() runs three
// or four times a statement and store_available() is a call.
bool store_seen = false;

// Inline: three or four calls a statement.
inline __attribute__((always_inline)) bool tracking(int level) {
  if (IsParallelWorker()) return false;
  if (!store_seen && !(store_seen = store_available())) return false;
  const auto track = static_cast<TrackLevel>(settings.track);
  return track == TrackLevel::kAll || (track == TrackLevel::kTop && level == 0);
}

// A statement without a query id: compute_query_id is off (say so once, in
// the server log only), or the server computes none for this kind of
// statement (a SQL-standard function body's), which is nothing to report.
// The capture path never sends a message to a client: it would change what
// the application sees.
void report_queryid_off() {
  if (compute_query_id == COMPUTE_QUERY_ID_OFF && store_claim_queryid_off_report())
    ereport(LOG_SERVER_ONLY,
            (errmsg("pg_insights: compute_query_id is off; statements are still counted, "
                    "but each new statement text costs a parse"),
             errhint("Set compute_query_id = auto (or on) to make pg_insights cheaper."), errhidestmt(true)));
}

// The normalized text to store: the one parse analysis noted for the
// query id (parsed_text.h), borrowed while it fits, else a palloc'd one
// (`owned`): the note cut, or libpg_query's normalization of the statement.
// When libpg_query cannot normalize the statement, the server's lexer masks
// its constants instead (constant_mask.h); a text neither can read is
// stored as a placeholder, never raw. Truncated to max_query_length on a
// character boundary.
struct StoredText {
  const char* text;
  std::size_t length;
  bool truncated;
  bool owned;
};

StoredText stored_text(std::uint64_t query_id, const char* statement, int statement_length, bool parsed) {
  int noted_length = 0;
  const char* noted = find_parsed_text(query_id, &noted_length);
  if (noted != nullptr && noted_length <= settings.max_query_length)
    return StoredText{noted, static_cast<std::size_t>(noted_length), false, false};
  char* text = noted != nullptr ? pnstrdup(noted, noted_length) : nullptr;
  if (text == nullptr) {
    char* copy = pnstrdup(statement, statement_length);  // NUL-terminated
    if (parsed) {
      pgquery::ParseError error;
      if (char* normalized = pgquery::normalize(copy, &error)) {
        text = pstrdup(normalized);
        std::free(normalized);
      }
    }
    if (text == nullptr) text = mask_constants(copy);
    pfree(copy);
  }
  if (text == nullptr) text = pstrdup("<statement text not kept: it could not be read without its constants>");
  const int full = static_cast<int>(strlen(text));
  const int kept = full > settings.max_query_length ? pg_mbcliplen(text, full, settings.max_query_length) : full;
  text[kept] = '\0';
  return StoredText{text, static_cast<std::size_t>(kept), kept < full, true};
}

void log_slow_statement(const StatementKey& key, double ms, const char* text, bool cancelled) {
  const FingerprintText hex = format_fingerprint(key.fingerprint);
  ereport(LOG, (errmsg("pg_insights: slow statement fingerprint=%s duration=%.3f ms%s: %s", hex.data(), ms,
                       cancelled ? " (cancelled)" : "", text),
                errhidestmt(true)));
}

// The literal-text hash of the statement parsed last, for its execution:
// exec_simple_query analyzes and executes one statement at a time.
std::uint64_t parsed_query_id = 0;
std::uint64_t parsed_literal_hash = 0;

void post_parse_analyze(ParseState* pstate, Query* query, JumbleState* jstate) noexcept {
  if (prev_post_parse_analyze) prev_post_parse_analyze(pstate, query, jstate);
  // A statement parsed while another runs (a PL/pgSQL function's first
  // call, dynamic EXECUTE) must not take the running statement's hash; its
  // references to the function's variables are noted for its sample.
  if (nesting_level > 0) {
    if (tracking(nesting_level)) note_function_variables(pstate, query);
    return;
  }
  parsed_query_id = 0;
  // Nothing for a utility statement: it keeps no sample (so no literal
  // hash), and its text is normalized when it is counted. Asked first:
  // EXECUTE is parsed on every call, and from PostgreSQL 16 its parameters
  // are constants of the jumble.
  if (jstate == nullptr || query->utilityStmt != nullptr || query->queryId == 0 || !tracking(nesting_level)) return;
  const char* text = pstate->p_sourcetext;
  // A statement this backend has not seen: its normalized text now, from
  // the constants parse analysis found, instead of a second libpg_query
  // parse when it is recorded.
  CachedFingerprint known;
  if (!fingerprint_cache_lookup(query->queryId, &known)) note_parsed_text(text, query, jstate);
  if (jstate->clocations_count == 0) return;
  // A statement parsed with literal constants in its text (not parameters):
  // hash them (literal_hash.h).
  std::uint64_t hash = kFnv1aOffsetBasis;
  for (int i = 0; i < jstate->clocations_count; ++i) hash = hash_literal(text + jstate->clocations[i].location, hash);
  parsed_query_id = query->queryId;
  parsed_literal_hash = hash | 1;  // never 0: 0 means "no literal constants"
}

inline std::uint64_t take_literal_hash(std::uint64_t query_id) {
  if (query_id == 0 || query_id != parsed_query_id) return 0;
  parsed_query_id = 0;
  return parsed_literal_hash;
}

// One execution, as the hooks saw it.
struct Run {
  const char* source_text;  // the statement is at [location, location+length)
  int location;
  int length;
  std::uint64_t query_id;
  double ms;
  std::uint64_t rows;
  const BufferUsage* buffers;  // the executor's or the utility's: read, never copied
  const WalUsage* wal;
  const JitInstrumentation* jit;  // nullptr: not JIT-compiled
  const CpuUsage* cpu;            // nullptr: not measured (insights.track_cpu)
  Oid userid;  // who ran it
  bool toplevel;
  bool sampled;          // an optimizable statement: may keep a sample
  ParamListInfo params;  // the executor's, for a sample
  bool cancelled;
};

// The block counts are copied as one run: the server's BufferUsage starts
// with them in BlockUsage's order.
static_assert(offsetof(BufferUsage, shared_blks_hit) == 0 &&
              offsetof(BufferUsage, temp_blks_written) == 9 * sizeof(int64) &&
              offsetof(BlockUsage, shared_blks_hit) == 0 &&
              offsetof(BlockUsage, temp_blks_written) == 9 * sizeof(std::int64_t));
constexpr std::size_t kBlockCountBytes = 10 * sizeof(std::int64_t);

// What the run adds to its statement's counters (pg_stat_statements'
// arithmetic). I/O times are read only under track_io_timing: without it
// the server leaves them zero, and on PostgreSQL 15 each is a timespec to
// convert.
void fill_execution(const Run& run, Execution* e, ExecutionExtras* extras, JitUsage* jit, Planning* planning, bool slow) {
  e->duration_ms = run.ms;
  e->rows = run.rows;
  std::memcpy(&e->blocks, run.buffers, kBlockCountBytes);
  if (track_io_timing) {
    e->blocks.shared_blk_read_time = compat_shared_blk_read_time(*run.buffers);
    e->blocks.shared_blk_write_time = compat_shared_blk_write_time(*run.buffers);
    e->blocks.local_blk_read_time = compat_local_blk_read_time(*run.buffers);
    e->blocks.local_blk_write_time = compat_local_blk_write_time(*run.buffers);
    e->blocks.temp_blk_read_time = INSTR_TIME_GET_MILLISEC(run.buffers->temp_blk_read_time);
    e->blocks.temp_blk_write_time = INSTR_TIME_GET_MILLISEC(run.buffers->temp_blk_write_time);
  } else {
    e->blocks.shared_blk_read_time = e->blocks.shared_blk_write_time = 0.0;
    e->blocks.local_blk_read_time = e->blocks.local_blk_write_time = 0.0;
    e->blocks.temp_blk_read_time = e->blocks.temp_blk_write_time = 0.0;
  }
  e->blocks.wal_records = run.wal->wal_records;
  e->blocks.wal_fpi = run.wal->wal_fpi;
  e->blocks.wal_bytes = static_cast<std::int64_t>(run.wal->wal_bytes);
  extras->jit = nullptr;
  if (run.jit != nullptr) {
    jit->functions = static_cast<std::int64_t>(run.jit->created_functions);
    jit->generation_time = INSTR_TIME_GET_MILLISEC(run.jit->generation_counter);
    jit->inlining_time = INSTR_TIME_GET_MILLISEC(run.jit->inlining_counter);
    jit->optimization_time = INSTR_TIME_GET_MILLISEC(run.jit->optimization_counter);
    jit->emission_time = INSTR_TIME_GET_MILLISEC(run.jit->emission_counter);
    jit->deform_time = compat_jit_deform_time(*run.jit);
    extras->jit = jit;
  }
  extras->planning = take_planning(nesting_level, run.query_id, planning, &e->blocks);
  extras->cpu = run.cpu;
  e->extras = extras->jit != nullptr || extras->planning != nullptr || extras->cpu != nullptr ? extras : nullptr;
  e->timestamp = GetCurrentStatementStartTimestamp();
  e->slow = slow;
  e->literal_text_hash = run.sampled ? take_literal_hash(run.query_id) : 0;
  e->cancelled = run.cancelled;
}

// A statement counted under its pending key `from` is known as `to` (the
// store had folded it, or this backend just did): this backend keys it so
// from now on.
void learn_fold(const StatementKey& from, const StatementKey& to, std::uint64_t query_id) {
  if (from.source != FingerprintSource::kPendingQueryId || to.source == FingerprintSource::kPendingQueryId) return;
  fingerprint_cache_store(query_id, CachedFingerprint{to.fingerprint, to.source});
  move_statement_runs(from, to);
}

// The call at which a pending statement (pending_statements.h) is
// fingerprinted by the backend that runs it, when nobody has yet. Not the
// second: under churn (ad-hoc shapes, more of them than entries) many
// statements run twice before they are evicted, and a libpg_query parse
// costs about 80,000 instructions, seven times what the rest of a new
// statement does (test/bench/README.md, "New statements"). Until then a
// call costs a cache miss and a look-up more than a fingerprinted one. A
// call as slow as insights.advice_min_ms fingerprints it at its second
// call, as before: index advice's statements, whose samples are then kept
// under their fingerprint at once (the shop workload's advice on
// PostgreSQL 18 needs it: test/integration/index_advice_speedup.sh).
constexpr std::int64_t kFingerprintAtCalls = 4;

// libpg_query's fingerprint of a statement new to this backend, cached.
// Out of line: the executor's path for a known statement stays as small.
__attribute__((noinline)) CachedFingerprint fingerprint_now(const char* statement, std::uint64_t cache_key) {
  const Fingerprinted f = fingerprint_text(statement, cache_key);
  const CachedFingerprint known{f.fingerprint, f.source};
  fingerprint_cache_store(cache_key, known);
  return known;
}

// Adds one execution to the store; whether it was slow (at or over
// insights.slow_threshold_ms). By reference: this runs on every
// statement, and a copy of Run (with its buffer counters) cost more
// instructions than the counting itself.
bool record(const Run& run) {
  if (run.source_text == nullptr) return run.ms >= settings.slow_threshold_ms;
  // The statement's own text, found only when needed: a statement already
  // in the store and the fingerprint cache needs none.
  const char* statement = nullptr;
  int location = run.location;
  int length = run.length;
  auto find_statement = [&]() {
    if (statement == nullptr) statement = CleanQuerytext(run.source_text, &location, &length);
  };

  std::uint64_t cache_key = run.query_id;
  if (run.query_id == 0) {
    report_queryid_off();
    find_statement();
    cache_key = hash_bytes_extended(reinterpret_cast<const unsigned char*>(statement), length, 0);
  }

  char* statement_copy = nullptr;  // NUL-terminated, made only when needed
  const bool slow = run.ms >= settings.slow_threshold_ms;
  CachedFingerprint fp;
  bool pending = false;
  if (!fingerprint_cache_lookup(cache_key, &fp)) {
    // New to this backend: counted under the server's query id at once
    // (pending_statements.h), when its entry is there or parse analysis
    // noted its complete normalized text, which is enough to fingerprint
    // it later. A slow one is logged with its fingerprint: computed now,
    // as is every other's.
    pending = run.query_id != 0 && run.sampled && !slow;
    if (pending) {
      fp = CachedFingerprint{run.query_id, FingerprintSource::kPendingQueryId};
    } else {
      find_statement();
      statement_copy = pnstrdup(statement, length);
      fp = fingerprint_now(statement_copy, cache_key);
    }
  }

  StatementKey key = StatementKey::make(fp.fingerprint, fp.source, run.userid, MyDatabaseId, run.toplevel);
  Execution execution;
  ExecutionExtras extras;
  JitUsage jit;
  Planning planning;
  fill_execution(run, &execution, &extras, &jit, &planning, slow);
  const bool log_it = execution.slow && settings.log_slow;
  std::int64_t calls = 0;  // the pending entry's, this one included
  UpdateResult update = pending ? store_update_pending(&key, execution, &calls) : store_update(key, execution);
  if (pending) {
    const StatementKey pending_key = StatementKey::make(run.query_id, FingerprintSource::kPendingQueryId, run.userid,
                                                        MyDatabaseId, run.toplevel);
    const bool still_pending = key.source == FingerprintSource::kPendingQueryId;
    if (still_pending && update == UpdateResult::kMissing && !has_parsed_text(run.query_id, settings.max_query_length)) {
      // No entry, and no text to fingerprint it by later: now, then.
      find_statement();
      if (statement_copy == nullptr) statement_copy = pnstrdup(statement, length);
      fp = fingerprint_now(statement_copy, cache_key);
      key = StatementKey::make(fp.fingerprint, fp.source, run.userid, MyDatabaseId, run.toplevel);
      update = store_update(key, execution);
    } else if (still_pending && update != UpdateResult::kMissing &&
               (calls >= kFingerprintAtCalls || run.ms >= settings.advice_min_ms)) {
      // It keeps running before anyone fingerprinted it: a statement that
      // repeats is worth the parse, once for the server (its fold tells
      // every backend its fingerprint).
      find_statement();
      if (statement_copy == nullptr) statement_copy = pnstrdup(statement, length);
      fp = fingerprint_now(statement_copy, cache_key);
      const FoldedStatement fold{key, fp.fingerprint, fp.source};
      store_fold(&fold, 1);
      key = StatementKey::make(fp.fingerprint, fp.source, run.userid, MyDatabaseId, run.toplevel);
    }
    learn_fold(pending_key, key, cache_key);
  }
  const bool counted = update != UpdateResult::kMissing;
  // Outside a transaction block every statement is its own transaction:
  // nothing can repeat within one. A cancelled statement's transaction
  // does not commit: it is not one that repeats it.
  if (run.toplevel && !run.cancelled && IsTransactionBlock()) note_statement_run(key);
  // The first sample from a call costly enough (or by chance); a second one
  // whenever the text first differs from the sample's.
  const bool take_sample = run.sampled && (update == UpdateResult::kWantsSecondSample ||
                                           ((update == UpdateResult::kWantsSample || !counted) && wants_sample(run.ms)));
  if (take_sample) find_statement();
  const auto sample = [&]() {
    return SampleSource{run.source_text, location, length, run.query_id, run.params, execution.literal_text_hash,
                        !run.toplevel};
  };
  if (take_sample && counted) keep_sample(key, sample());
  if (counted && !log_it) {
    if (statement_copy != nullptr) pfree(statement_copy);
    return slow;
  }

  // A new statement (or a slow one to log): its normalized text is needed.
  find_statement();
  const StoredText text = stored_text(run.query_id, statement, length, fp.source != FingerprintSource::kQueryId);
  if (!counted) {
    const StatementKey inserted = key;
    store_insert(&key, execution, text.text, text.length, text.truncated);
    if (pending) learn_fold(inserted, key, cache_key);
    if (take_sample) keep_sample(key, sample());
  }
  if (log_it) log_slow_statement(key, run.ms, text.text, run.cancelled);
  if (text.owned) pfree(const_cast<char*>(text.text));
  // A pending statement's note stays for its next execution (parsed_text.h).
  if (key.source != FingerprintSource::kPendingQueryId) drop_parsed_text(run.query_id);
  if (statement_copy != nullptr) pfree(statement_copy);
  return slow;
}

// Counts a statement that never finished (cancellation.h), from the
// PG_CATCH of the hook it ran under.
void record_cancelled(const Run& run) {
  record_during_cancellation([](const void* arg) { record(*static_cast<const Run*>(arg)); }, &run);
}

// The executor's run so far, for a statement stopped in ExecutorRun or
// ExecutorFinish: its instrumentation is still running (InstrStopNode
// never came), so stop it here.
void record_cancelled_execution(QueryDesc* query, Oid userid) {
  if (query->totaltime == nullptr || (query->estate->es_top_eflags & EXEC_FLAG_EXPLAIN_ONLY) != 0 ||
      !tracking(nesting_level) || !recordable_cancellation())
    return;
  Instrumentation* total = query->totaltime;
  if (total->need_timer && !INSTR_TIME_IS_ZERO(total->starttime)) InstrStopNode(total, 0);
  InstrEndLoop(total);
  const PlannedStmt* plan = query->plannedstmt;
  // No rows: the statement returned or changed none in the end.
  record_cancelled(Run{query->sourceText, plan->stmt_location, plan->stmt_len,
                       static_cast<std::uint64_t>(plan->queryId), total->total * 1000.0, 0, &total->bufusage, &total->walusage,
                       query->estate->es_jit != nullptr ? &query->estate->es_jit->instr : nullptr, nullptr, userid,
                       nesting_level == 0, plan->commandType != CMD_UTILITY, query->params, true});
}

void executor_start(QueryDesc* query, int eflags) noexcept {
  if (prev_executor_start)
    prev_executor_start(query, eflags);
  else
    standard_ExecutorStart(query, eflags);

  if (tracking(nesting_level) && (eflags & EXEC_FLAG_EXPLAIN_ONLY) == 0) {
    if (settings.track_cpu) cpu_time_start(nesting_level);
    if (query->totaltime != nullptr) return;
    MemoryContext old = MemoryContextSwitchTo(query->estate->es_query_cxt);
    // Time, buffers and WAL: what pg_stat_statements asks for.
    query->totaltime = InstrAlloc(1, INSTRUMENT_ALL, false);
    MemoryContextSwitchTo(old);
  }
}

// The user is read before running: on an error, a SECURITY DEFINER
// function leaves its owner as the current user until the abort. (Noting
// it once at ExecutorStart instead, per nesting level, measured no cheaper:
// GetUserId() is two instructions.)
void executor_run(COMPAT_EXECUTOR_RUN_PARAMS) noexcept {
  const Oid userid = GetUserId();
  nesting_level++;
  PG_TRY();
  {
    if (prev_executor_run)
      prev_executor_run(COMPAT_EXECUTOR_RUN_ARGS);
    else
      standard_ExecutorRun(COMPAT_EXECUTOR_RUN_ARGS);
  }
  PG_CATCH();
  {
    nesting_level--;
    record_cancelled_execution(query, userid);
    PG_RE_THROW();
  }
  PG_END_TRY();
  nesting_level--;
}

void executor_finish(QueryDesc* query) noexcept {
  const Oid userid = GetUserId();
  nesting_level++;
  PG_TRY();
  {
    if (prev_executor_finish)
      prev_executor_finish(query);
    else
      standard_ExecutorFinish(query);
  }
  PG_CATCH();
  {
    nesting_level--;
    record_cancelled_execution(query, userid);
    PG_RE_THROW();
  }
  PG_END_TRY();
  nesting_level--;
}

void executor_end(QueryDesc* query) noexcept {
  if (query->totaltime != nullptr && tracking(nesting_level) &&
      (query->estate->es_top_eflags & EXEC_FLAG_EXPLAIN_ONLY) == 0) {
    // Make sure the totals are final (the instrumentation may be shared).
    InstrEndLoop(query->totaltime);
    const PlannedStmt* plan = query->plannedstmt;
    CpuUsage cpu;
    const bool cpu_measured = cpu_time_take(nesting_level, &cpu);
    const bool slow =
        record(Run{query->sourceText, plan->stmt_location, plan->stmt_len, static_cast<std::uint64_t>(plan->queryId),
                   query->totaltime->total * 1000.0, query->estate->es_processed, &query->totaltime->bufusage,
                   &query->totaltime->walusage, query->estate->es_jit != nullptr ? &query->estate->es_jit->instr : nullptr,
                   cpu_measured ? &cpu : nullptr, GetUserId(), nesting_level == 0, plan->commandType != CMD_UTILITY,
                   query->params, false});
    if (slow)
      keep_slow_plan(query, nesting_level == 0);
    else
      plan_census(query, nesting_level == 0);  // one atomic read; plan_census.h
  }
  if (prev_executor_end)
    prev_executor_end(query);
  else
    standard_ExecutorEnd(query);
}

void call_next_process_utility(PlannedStmt* pstmt, const char* query_string, bool read_only_tree,
                               ProcessUtilityContext context, ParamListInfo params, QueryEnvironment* query_env,
                               DestReceiver* dest, QueryCompletion* qc) {
  if (prev_process_utility)
    prev_process_utility(pstmt, query_string, read_only_tree, context, params, query_env, dest, qc);
  else
    standard_ProcessUtility(pstmt, query_string, read_only_tree, context, params, query_env, dest, qc);
}

// Runs the utility statement one nesting level down, so that statements it
// executes (functions, DO blocks, CREATE TABLE AS) count as nested.
void call_nested_process_utility(PlannedStmt* pstmt, const char* query_string, bool read_only_tree,
                                 ProcessUtilityContext context, ParamListInfo params, QueryEnvironment* query_env,
                                 DestReceiver* dest, QueryCompletion* qc) {
  nesting_level++;
  PG_TRY();
  {
    call_next_process_utility(pstmt, query_string, read_only_tree, context, params, query_env, dest, qc);
  }
  PG_FINALLY();
  {
    nesting_level--;
  }
  PG_END_TRY();
}

// A counted utility statement: timed and recorded here. Out of line, so
// that the hook's common path (EXECUTE, whose statement the executor hooks
// count) does not pay for this frame's set-up on every call.
__attribute__((noinline)) void process_counted_utility(PlannedStmt* pstmt, const char* query_string,
                                                       bool read_only_tree, ProcessUtilityContext context,
                                                       ParamListInfo params, QueryEnvironment* query_env,
                                                       DestReceiver* dest, QueryCompletion* qc) {
  // pstmt may be freed by the statement itself (e.g. DEALLOCATE ALL in a
  // function): keep what we need.
  const std::uint64_t query_id = pstmt->queryId;
  const int location = pstmt->stmt_location;
  const int length = pstmt->stmt_len;
  const Oid userid = GetUserId();
  const BufferUsage buffers_before = pgBufferUsage;
  const WalUsage wal_before = pgWalUsage;
  instr_time start;
  INSTR_TIME_SET_CURRENT(start);
  BufferUsage buffers;  // what the statement used, for run_so_far's Run
  WalUsage wal;
  auto run_so_far = [&](std::uint64_t rows, bool cancelled) {
    instr_time duration;
    INSTR_TIME_SET_CURRENT(duration);
    INSTR_TIME_SUBTRACT(duration, start);
    memset(&buffers, 0, sizeof buffers);
    BufferUsageAccumDiff(&buffers, &pgBufferUsage, &buffers_before);
    memset(&wal, 0, sizeof wal);
    WalUsageAccumDiff(&wal, &pgWalUsage, &wal_before);
    return Run{query_string,
               location,
               length,
               query_id,
               INSTR_TIME_GET_MILLISEC(duration),
               rows,
               &buffers,
               &wal,
               nullptr,
               nullptr,
               userid,
               nesting_level == 0, false, nullptr, cancelled};
  };

  PG_TRY();
  {
    call_nested_process_utility(pstmt, query_string, read_only_tree, context, params, query_env, dest, qc);
  }
  PG_CATCH();
  {
    if (recordable_cancellation()) record_cancelled(run_so_far(0, true));
    PG_RE_THROW();
  }
  PG_END_TRY();

  const bool has_rows = qc != nullptr && (qc->commandTag == CMDTAG_COPY || qc->commandTag == CMDTAG_FETCH ||
                                          qc->commandTag == CMDTAG_SELECT ||
                                          qc->commandTag == CMDTAG_REFRESH_MATERIALIZED_VIEW);
  record(run_so_far(has_rows ? qc->nprocessed : 0, false));
}

void process_utility(PlannedStmt* pstmt, const char* query_string, bool read_only_tree,
                     ProcessUtilityContext context, ParamListInfo params, QueryEnvironment* query_env,
                     DestReceiver* dest, QueryCompletion* qc) noexcept {
  Node* statement = pstmt->utilityStmt;
  // EXECUTE's statement is counted by the executor hooks, at this level:
  // counting EXECUTE too would count it twice. PREPARE and DEALLOCATE only
  // manage the prepared statement.
  const bool executes_prepared = IsA(statement, ExecuteStmt);
  const bool counted = !executes_prepared && !IsA(statement, PrepareStmt) && !IsA(statement, DeallocateStmt) &&
                       settings.track_utility && tracking(nesting_level);
  const bool creates_index = IsA(statement, IndexStmt);
  if (counted)
    process_counted_utility(pstmt, query_string, read_only_tree, context, params, query_env, dest, qc);
  else if (executes_prepared || IsA(statement, PrepareStmt))
    call_next_process_utility(pstmt, query_string, read_only_tree, context, params, query_env, dest, qc);
  else
    call_nested_process_utility(pstmt, query_string, read_only_tree, context, params, query_env, dest, qc);
  // Reached only when it succeeded: the index exists (advice_outcomes()).
  if (creates_index) note_created_index(statement);
}

PlannedStmt* call_next_planner(Query* parse, const char* query_string, int cursor_options, ParamListInfo params) {
  if (prev_planner) return prev_planner(parse, query_string, cursor_options, params);
  return standard_planner(parse, query_string, cursor_options, params);
}

// With insights.track_planning, times the planning (and its buffers and
// WAL) for the execution that follows (planning.h). One level down, as
// pg_stat_statements does: what the planner runs (a function it folds)
// counts as nested.
PlannedStmt* planner(Query* parse, const char* query_string, int cursor_options, ParamListInfo params) noexcept {
  if (!settings.track_planning || query_string == nullptr || parse->queryId == 0 || !tracking(nesting_level))
    return call_next_planner(parse, query_string, cursor_options, params);
  const BufferUsage buffers_before = pgBufferUsage;
  const WalUsage wal_before = pgWalUsage;
  instr_time start;
  INSTR_TIME_SET_CURRENT(start);
  PlannedStmt* result;
  nesting_level++;
  PG_TRY();
  {
    result = call_next_planner(parse, query_string, cursor_options, params);
  }
  PG_FINALLY();
  {
    nesting_level--;
  }
  PG_END_TRY();
  instr_time duration;
  INSTR_TIME_SET_CURRENT(duration);
  INSTR_TIME_SUBTRACT(duration, start);
  BufferUsage buffers;
  memset(&buffers, 0, sizeof buffers);
  BufferUsageAccumDiff(&buffers, &pgBufferUsage, &buffers_before);
  WalUsage wal;
  memset(&wal, 0, sizeof wal);
  WalUsageAccumDiff(&wal, &pgWalUsage, &wal_before);
  note_planning(nesting_level, static_cast<std::uint64_t>(parse->queryId), INSTR_TIME_GET_MILLISEC(duration), buffers,
                wal);
  return result;
}

}  // namespace

void install_capture_hooks() {
  prev_executor_start = ExecutorStart_hook;
  ExecutorStart_hook = executor_start;
  prev_executor_run = ExecutorRun_hook;
  ExecutorRun_hook = executor_run;
  prev_executor_finish = ExecutorFinish_hook;
  ExecutorFinish_hook = executor_finish;
  prev_executor_end = ExecutorEnd_hook;
  ExecutorEnd_hook = executor_end;
  prev_process_utility = ProcessUtility_hook;
  ProcessUtility_hook = process_utility;
  prev_post_parse_analyze = post_parse_analyze_hook;
  post_parse_analyze_hook = post_parse_analyze;
  prev_planner = planner_hook;
  planner_hook = planner;
  cancellation_init();
}

}  // namespace insights::pg
