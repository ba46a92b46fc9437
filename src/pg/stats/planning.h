// Planning counted with the execution that follows it (insights.track_planning).
//
// The planner hook (capture.cpp) times each planning and notes it here by
// nesting level; the execution of the same query id at that level takes it
// when it is recorded, so that planning costs no store access of its own.
// A planning not followed by its execution (EXPLAIN without ANALYZE, an
// error) is overwritten by the next one at its level. A generic plan is
// planned once and executed many times: plans ≤ calls.
#pragma once

#include "pg/compat.h"

extern "C" {
#include "executor/instrument.h"
}

#include <cstdint>

#include "core/stats/statement_counters.h"

namespace insights::pg {

// Plannings noted and not yet taken: 0 whenever track_planning is off, so
// that an execution checks one integer.
extern int pending_plannings;

void note_planning(int level, std::uint64_t query_id, double ms, const BufferUsage& buffers, const WalUsage& wal);

// The planning noted at `level` for `query_id`, if any: its time in *out,
// its buffer and WAL usage added to *blocks (as pg_stat_statements adds
// them to the statement's). nullptr if there is none.
const Planning* take_planning_slow(int level, std::uint64_t query_id, Planning* out, BlockUsage* blocks);
inline const Planning* take_planning(int level, std::uint64_t query_id, Planning* out, BlockUsage* blocks) {
  return pending_plannings == 0 ? nullptr : take_planning_slow(level, query_id, out, blocks);
}

}  // namespace insights::pg
