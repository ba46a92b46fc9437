// User and system CPU time per execution (insights.track_cpu), as
// pg_stat_kcache measures it: getrusage(RUSAGE_SELF) at ExecutorStart and
// at ExecutorEnd, by nesting level (a nested statement has its own level;
// a cursor fetched after another statement started at its level is
// measured from that one's start). Planning and utility statements are not
// measured.
#pragma once

#include "core/stats/statement_counters.h"

namespace insights::pg {

// Starts measuring the execution that starts at `level`.
void cpu_time_start(int level);

// Executions started and not yet taken: 0 while track_cpu is off, so that
// ExecutorEnd checks one integer.
extern int cpu_time_pending;

bool cpu_time_take_slow(int level, CpuUsage* out);
// The CPU time since cpu_time_start(level), if it was called.
inline bool cpu_time_take(int level, CpuUsage* out) {
  return cpu_time_pending != 0 && cpu_time_take_slow(level, out);
}

}  // namespace insights::pg
