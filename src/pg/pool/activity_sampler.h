// The activity sampler: a background worker that samples every client
// backend's state every insights.sample_interval_ms into shared memory — a
// ring of per-second summaries (at least the last hour) and a bounded table
// of client groups. Lock rules are at the top of activity_sampler.cpp.
#pragma once

#include <vector>

#include "core/pool/activity.h"
#include "pg/compat.h"

namespace insights::pg {

// Its area (shared_memory.h), its lock, their set-up.
struct SharedMemoryAreas;
void activity_shmem_areas(SharedMemoryAreas* areas);
void activity_request_shmem();
void activity_startup_shmem();
void register_activity_sampler();

inline constexpr int kActivityRingSeconds = 4096;  // > 1 hour at 1 s resolution
inline constexpr int kMaxClientGroups = 256;
// Most samples one second of the ring takes. The sampler takes at most
// 1000 / insights.sample_interval_ms (>= 10 ms) = 100 per second; the cap is
// for inject_activity(). With at most MAX_BACKENDS backends per sample, a
// second's 32-bit state sums stay below 10000 × 262143 < 2^32: they never wrap.
inline constexpr std::uint32_t kMaxSamplesPerSecond = 10000;

// Copies of what the sampler recorded, taken under its lock. These copy
// into caller-provided arrays (no allocation under the lock).
int activity_copy_seconds(pool::SecondSummary* out, int capacity);
int activity_copy_groups(pool::GroupActivity* out, int capacity);

// Adds synthetic samples (tests and demos; the SQL function is superuser
// only) to the second that contains epoch_second (> 0). The caller checks
// the arguments: samples <= kMaxSamplesPerSecond, each count and their sum
// <= MAX_BACKENDS. Returns false, adding nothing, when the second would then
// hold more than kMaxSamplesPerSecond samples; *held is what it holds.
bool activity_inject(std::int64_t epoch_second, const std::uint32_t* state_counts, std::uint32_t samples,
                     std::uint32_t longest_idle_in_transaction_ms, std::uint32_t* held);
void activity_reset();

// Whether the current user may see a group's name: an application_name is
// public (pg_stat_activity shows it to all); a client address only to roles
// that have the privileges of the group's role, or of pg_read_all_stats —
// pg_stat_activity's rule for client_addr. A group whose backends belonged
// to several roles shows its address to pg_read_all_stats only.
bool activity_group_name_visible(const pool::GroupActivity& group);

}  // namespace insights::pg
