// The shared-memory statement store: one entry per (fingerprint, userid,
// dbid, toplevel), bounded by insights.max_statements, with normalized texts
// in a bounded arena. Lock rules are at the top of store.cpp.
//
// A statement first seen is counted under a pending key (the server's query
// id, FingerprintSource::kPendingQueryId) until its fingerprint is computed
// off the executor's path (pending_statements.h); its entry is then folded
// into its fingerprint's, and the store remembers the query id's
// fingerprint, so that a pending key finds the folded entry everywhere.
#pragma once

#include "pg/compat.h"

extern "C" {
#include "storage/lwlock.h"
#include "storage/spin.h"
#include "utils/hsearch.h"
#include "utils/timestamp.h"
}

#include <type_traits>

#include "core/stats/statement_counters.h"
#include "core/stats/statement_key.h"
#include "core/stats/text_arena.h"

namespace insights::pg {

inline constexpr int kSamplesPerStatement = 2;

struct StoreEntry {
  StatementKey key;  // hash key: must be first
  slock_t mutex;     // protects usage and counters
  bool text_truncated;
  TextRef text;  // normalized text
  // Up to two executions' statement texts with their constants and parameter
  // values (statement_sample.h), for re-planning; the second one, from an
  // execution whose text differed from the first, tells which constants vary.
  TextRef samples[kSamplesPerStatement];
  // Encoding of the texts: its database's (dbid is part of the key). Kept,
  // as pg_stat_statements keeps it, so that texts read back from the
  // statistics file can be checked against it. (Here, where it fills what
  // would be padding: an entry stays within 1 kB of shared memory.)
  int encoding;
  std::uint64_t sample_hash;  // literal-text hash of samples[0], 0 if none
  double usage;
  StatementCounters counters;
};
static_assert(std::is_trivially_copyable_v<StoreEntry>);

// A copy of one entry taken for reading, text pointing into the arena (valid
// while the shared lock is held).
struct EntrySnapshot {
  StatementKey key;
  StatementCounters counters;
  bool text_truncated;
  const char* text;  // may be nullptr
  std::uint32_t text_length;
  const char* samples[kSamplesPerStatement];  // nullptr when absent
  std::uint32_t sample_lengths[kSamplesPerStatement];
  std::uint64_t sample_hash;  // literal-text hash of samples[0], 0 if unknown
};

struct SharedMemoryAreas;

// Shared-memory sizing and set-up, from _PG_init's hooks: its areas
// (shared_memory.h), its lock, their set-up.
void store_shmem_areas(SharedMemoryAreas* areas);
void store_request_shmem();
void store_startup_shmem();

// Whether the store is there (the library was preloaded).
bool store_available();
// Whether this backend holds the store's lock (an error raised under it is
// being handled: nothing may take it again).
bool store_lock_held();
// ERROR unless it is.
void store_require();

enum class UpdateResult {
  kMissing,             // no entry
  kUpdated,             // counted; has the samples it needs
  kWantsSample,         // counted; has no sample yet
  kWantsSecondSample,   // counted; its literal text differs from the sample's
};
// Adds one execution to an existing entry; says whether the entry was there
// and whether this execution should be kept as a sample.
UpdateResult store_update(const StatementKey& key, const Execution& e);
// The same for a pending key: one whose statement has been folded becomes
// its fingerprint's key (and counts there). *calls: the entry's calls, this
// one included (unset when kMissing).
UpdateResult store_update_pending(StatementKey* key, const Execution& e, std::int64_t* calls);
// Creates the entry if needed (evicting when full), then adds the
// execution; *key as for store_update_pending.
void store_insert(StatementKey* key, const Execution& e, const char* text, std::size_t length, bool truncated);

// A pending statement, for the fingerprinting (pending_statements.h).
struct PendingStatement {
  StatementKey key;  // source kPendingQueryId
  char* text;        // its normalized text, palloc'd; nullptr when it has none
};
// The entries not yet fingerprinted, their texts copied; palloc'd, *count
// set. Under the shared lock (in the postmaster at shut-down: none).
PendingStatement* store_pending(int* count);
// Folds pending entries into their fingerprints' (merging counters when
// that entry exists) and remembers each query id's fingerprint, under the
// exclusive lock once. A pending entry gone meanwhile (evicted, reset) is
// skipped; its query id is remembered all the same.
struct FoldedStatement {
  StatementKey pending;
  std::uint64_t fingerprint;
  FingerprintSource source;
};
void store_fold(const FoldedStatement* folds, int count);

// One transaction ran the statement `count` times (N+1 detection). No
// allocation and no error: it runs in the pre-commit callback.
void store_record_repeats(const StatementKey& key, std::int64_t count);

// Keeps a sample for the entry: the first, or a second one whose literal
// hash differs from the first's. Skipped when the arena is full of other
// texts (a sample is worth less than a statement).
void store_set_sample(const StatementKey& key, const char* sample, std::size_t length, std::uint64_t literal_hash);

// Calls fn(const EntrySnapshot&) for every entry, under the shared lock,
// after folding the pending ones (whose keys are never shown).
// fn may palloc and ereport (the lock is released at abort).
void store_scan(void (*fn)(const EntrySnapshot&, void*), void* arg);

void store_reset_all();
long store_reset_fingerprint(std::uint64_t fingerprint);
// Forgets the minimum and maximum times of every entry, or of one
// fingerprint's (nullptr: all), keeping everything else; returns the time
// it records as their minmax_stats_since.
TimestampTz store_reset_minmax(const std::uint64_t* fingerprint);

TimestampTz store_stats_since();
long store_evictions();
// Entries counted under a pending key, not yet fingerprinted (a scan of the
// table under the shared lock; nothing is folded).
long store_pending_entries();
double store_bytes_per_entry();

// For the one backend that reports compute_query_id = off.
bool store_claim_queryid_off_report();

// For persistence.h's loader: adds a restored entry (its values already checked).
struct RestoredText {
  const char* data;
  std::size_t length;
};
enum class RestoreResult {
  kRestored,
  kDropped,    // the store is full or the text does not fit: skipped
  kDuplicate,  // the key is already there: the file is not one we wrote
};
RestoreResult store_restore_entry(const StatementKey& key, const StatementCounters& c, double usage,
                                  RestoredText text, bool truncated, const RestoredText* samples,
                                  std::uint64_t sample_hash, int encoding);
// The loader and saver carry stats_since through the file (postmaster only).
TimestampTz store_stats_since_unlocked();
void store_set_stats_since_unlocked(TimestampTz since);
// Used by the saver: every entry with its text, no locking (postmaster
// only, after store_fold: a pending entry is never saved).
void store_scan_unlocked(void (*fn)(const StoreEntry&, const char* text, const char* const* samples, void*), void* arg);

}  // namespace insights::pg
