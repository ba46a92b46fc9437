// The activity sampler: a background worker that samples every client
// backend's state every insights.sample_interval_ms into shared memory — a
// ring of per-second summaries (at least the last hour) and a bounded table
// of client groups. Lock rules are at the top of activity_sampler.cpp.
#pragma once

#include <vector>

#include "compat.h"
#include "pool/activity.h"

namespace insights::pg {

void activity_request_shmem();
void activity_startup_shmem();
void register_activity_sampler();

inline constexpr int kActivityRingSeconds = 4096;  // > 1 hour at 1 s resolution
inline constexpr int kMaxClientGroups = 256;

// Copies of what the sampler recorded, taken under its lock. These copy
// into caller-provided arrays (no allocation under the lock).
int activity_copy_seconds(pool::SecondSummary* out, int capacity);
int activity_copy_groups(pool::GroupActivity* out, int capacity);

// Adds synthetic samples (tests and demos; the SQL function is superuser
// only) to the second that contains epoch_second.
void activity_inject(std::int64_t epoch_second, const std::uint32_t* state_counts, std::uint32_t samples,
                     std::uint32_t longest_idle_in_transaction_ms);
void activity_reset();

}  // namespace insights::pg
