// The activity sampler's part in the statement history and wait profile:
// at each bucket change it diffs the store's counters against the ones it
// kept at the previous change and appends the differences to the history
// ring; at each sample it attributes the running backends to statements
// (query id → fingerprint, queryid_map.h) for the wait table and the
// bucket's wait columns. Runs in the sampler process only; its memory is
// the sampler's own (no shared state but history.h's).
#pragma once

#include "pg/compat.h"

extern "C" {
#include "utils/timestamp.h"
}

#include <cstdint>

namespace insights::pg {

// One running backend as the sampler saw it.
struct RunningBackend {
  std::uint64_t query_id;  // PgBackendStatus.st_query_id (0: none)
  std::uint32_t userid;    // its session user
  std::uint32_t dbid;
  std::uint32_t wait_event_info;  // 0: on CPU
};

// Closes the bucket when `now` is in a new one. Call once per wake-up, in a
// short-lived memory context.
void history_sampler_tick(TimestampTz now);
// One sample's running backends.
void history_sampler_observe(const RunningBackend* backends, int n);

}  // namespace insights::pg
