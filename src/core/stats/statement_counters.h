// Per-statement counters: what one execution adds and what the view shows.
//
// Trivially copyable and zero-initialisable: the shared-memory store embeds
// it in each hash entry and updates it under that entry's spinlock, so
// record() does arithmetic only — no allocation, no calls that can fail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "core/stats/distinct_sketch.h"
#include "core/stats/latency_histogram.h"

namespace insights {

// Blocks, I/O time and WAL one execution used (pg_stat_statements'
// columns, named as it names them). The block counts are in the server's
// BufferUsage order, so that capture copies them as one run of memory.
struct BlockUsage {
  std::int64_t shared_blks_hit;
  std::int64_t shared_blks_read;
  std::int64_t shared_blks_dirtied;
  std::int64_t shared_blks_written;
  std::int64_t local_blks_hit;
  std::int64_t local_blks_read;
  std::int64_t local_blks_dirtied;
  std::int64_t local_blks_written;
  std::int64_t temp_blks_read;
  std::int64_t temp_blks_written;
  // Milliseconds, under track_io_timing. A server without the split of
  // shared and local (before PostgreSQL 17) puts both in shared_*.
  double shared_blk_read_time;
  double shared_blk_write_time;
  double local_blk_read_time;
  double local_blk_write_time;
  double temp_blk_read_time;
  double temp_blk_write_time;
  std::int64_t wal_records;
  std::int64_t wal_fpi;
  std::int64_t wal_bytes;

  // Inline: it runs on every statement, under the entry's spinlock.
  void add(const BlockUsage& u) noexcept {
    shared_blks_hit += u.shared_blks_hit;
    shared_blks_read += u.shared_blks_read;
    shared_blks_dirtied += u.shared_blks_dirtied;
    shared_blks_written += u.shared_blks_written;
    local_blks_hit += u.local_blks_hit;
    local_blks_read += u.local_blks_read;
    local_blks_dirtied += u.local_blks_dirtied;
    local_blks_written += u.local_blks_written;
    temp_blks_read += u.temp_blks_read;
    temp_blks_written += u.temp_blks_written;
    shared_blk_read_time += u.shared_blk_read_time;
    shared_blk_write_time += u.shared_blk_write_time;
    local_blk_read_time += u.local_blk_read_time;
    local_blk_write_time += u.local_blk_write_time;
    temp_blk_read_time += u.temp_blk_read_time;
    temp_blk_write_time += u.temp_blk_write_time;
    wal_records += u.wal_records;
    wal_fpi += u.wal_fpi;
    wal_bytes += u.wal_bytes;
  }
};

// What JIT compilation cost one execution (only when it was compiled).
struct JitUsage {
  std::int64_t functions;
  double generation_time;
  double inlining_time;  // ms; a non-zero time counts one inlining
  double optimization_time;
  double emission_time;
  double deform_time;  // PostgreSQL 17 and later
};

// User and system CPU time of one execution (insights.track_cpu).
struct CpuUsage {
  double user_time;  // ms
  double system_time;
};

// One planning of a statement (insights.track_planning), counted with the
// execution that follows it.
struct Planning {
  double duration_ms;
};

// What only some executions have: behind one pointer, so that the common
// execution (none of them) costs one test.
struct ExecutionExtras {
  const JitUsage* jit;       // nullptr: not JIT-compiled
  const Planning* planning;  // nullptr: not planned, or planning not tracked
  const CpuUsage* cpu;       // nullptr: CPU not tracked
};

// What one execution of a statement costs.
struct Execution {
  double duration_ms;
  std::uint64_t rows;
  BlockUsage blocks;               // planning's included, as pg_stat_statements adds them
  const ExecutionExtras* extras;   // nullptr: none
  std::int64_t timestamp;  // when it started, in the caller's clock units
  bool slow;               // duration_ms reached the slow threshold
  std::uint64_t literal_text_hash;  // hash of its text when it had literal constants, else 0
  // It never finished: cancelled by statement_timeout, lock_timeout or a
  // cancel request (capture.cpp). Counted as a call with the time it ran.
  bool cancelled = false;
};

struct StatementCounters {
  std::int64_t calls;
  std::int64_t rows;
  double total_ms;
  double min_ms;
  double max_ms;
  double mean_ms;    // running mean (Welford)
  double sum_sq_ms;  // running sum of squared deviations (Welford)
  std::int64_t slow_calls;
  // Calls that were cancelled, and their time: included in calls, total_ms
  // and the latency figures (the server spent that time), so that a
  // statement that always times out still ranks by the time it costs.
  std::int64_t cancelled;
  double cancelled_ms;
  // Where format 4 kept these three: the loader moves them into blocks
  // (below); zero otherwise. Read blocks.
  std::int64_t format4_shared_blks_hit;
  std::int64_t format4_shared_blks_read;
  std::int64_t format4_temp_blks_written;
  std::int64_t first_seen;
  std::int64_t last_seen;
  // N+1 detection: transactions that ran the statement at least the
  // threshold number of times, and how many times they did.
  std::int64_t repeated_transactions;
  std::int64_t repeats_sum;
  std::int64_t repeats_max;
  DistinctSketch literal_texts;  // distinct texts among calls with literal constants
  LatencyHistogram latency;

  // Statistics file format 5 appended everything below: the counters of a
  // format-4 file are the bytes before it (kFormat4Size), the rest zero.
  BlockUsage blocks;
  // Planning (insights.track_planning), as pg_stat_statements counts it.
  std::int64_t plans;
  double total_plan_time;
  double min_plan_time;
  double max_plan_time;
  double mean_plan_time;     // Welford, as for execution
  double sum_sq_plan_time;
  // JIT: counts are executions whose phase took any time.
  std::int64_t jit_functions;
  double jit_generation_time;
  std::int64_t jit_inlining_count;
  double jit_inlining_time;
  std::int64_t jit_optimization_count;
  double jit_optimization_time;
  std::int64_t jit_emission_count;
  double jit_emission_time;
  std::int64_t jit_deform_count;
  double jit_deform_time;
  // CPU (insights.track_cpu).
  double cpu_user_time;
  double cpu_system_time;
  // Minimum and maximum (execution and planning) since then: reset_minmax()
  // sets it and zeroes them; 0 means since first_seen (a format-4 entry).
  std::int64_t minmax_stats_since;
  // reset_minmax() came after the last call: the next call sets min and max.
  std::int64_t minmax_reset;

  static constexpr std::size_t kFormat4Size = 912;

  void record(const Execution& e) noexcept;
  // Forgets the minimum and maximum times (pg_stat_statements_reset's
  // minmax_only); `now` is the caller's clock.
  void reset_minmax(std::int64_t now) noexcept;
  // A format-4 file's counters, read into the first kFormat4Size bytes of
  // zeroed counters: moves the block counts where they are now kept.
  void upgrade_from_format4() noexcept;
  // One transaction ran the statement `count` times (count ≥ the threshold).
  void record_repeats(std::int64_t count) noexcept;

  // Population standard deviation, as pg_stat_statements reports it.
  double stddev_ms() const noexcept;
  // After reset_minmax() and before the next call, min and max are 0: the
  // histogram alone bounds the quantile then.
  double quantile_ms(double q) const noexcept {
    return minmax_reset != 0 ? latency.quantile(q, 0.0, std::numeric_limits<double>::max())
                             : latency.quantile(q, min_ms, max_ms);
  }
  double stddev_plan_time() const noexcept;
};

static_assert(std::is_trivially_copyable_v<StatementCounters>);
static_assert(offsetof(StatementCounters, blocks) == StatementCounters::kFormat4Size,
              "format 4's counters must stay a prefix: append new counters at the end");

}  // namespace insights
