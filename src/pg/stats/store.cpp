// The shared-memory statement store.
//
// Lock rules:
// - state->lock (LWLock) guards the hash table's membership and the text
//   arena. Shared mode: look up entries, read texts, update counters.
//   Exclusive mode: create, evict, fold or remove entries, append to or
//   compact the arena, change state->new_entry_usage / evictions /
//   stats_since. It also guards the folded query ids (query id to
//   fingerprint): shared to read, exclusive to add or clear.
// - entry->mutex (spinlock) guards entry->usage and entry->counters. It is
//   held only for plain arithmetic and copies: no allocation, no elog, no
//   calls. Take it while holding state->lock (either mode), never the other
//   way round. Under the exclusive lock it is not needed: nobody else holds
//   the lock, so nobody is counting (eviction and folding go without it).
// - Texts never move while state->lock is held in shared mode, so a text
//   pointer read under the shared lock stays valid until it is released.
// - Folding (store_fold) moves a pending entry's counters into its
//   fingerprint's entry under the exclusive lock: nobody holds an entry's
//   spinlock then, and a count is in exactly one of the two entries.
// - The postmaster loads and saves the store before any backend starts and
//   after all have exited, without locks.
#include "pg/stats/store.h"

#include "pg/stats/persistence.h"

#include "core/stats/counters_merge.h"
#include "core/stats/eviction.h"
#include "pg/settings.h"
#include "pg/shared_memory.h"
#include "pg/stats/pending_statements.h"

extern "C" {
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "port/atomics.h"
#include "storage/ipc.h"
#include "storage/shmem.h"
}

#include <cstring>

namespace insights::pg {
namespace {

struct SharedState {
  LWLock* lock;
  double new_entry_usage;      // exclusive lock
  std::size_t text_used;       // exclusive lock to change
  std::size_t text_capacity;   // constant
  long evictions;              // exclusive lock
  TimestampTz stats_since;     // exclusive lock
  pg_atomic_flag queryid_off_reported;
};

SharedState* state = nullptr;
HTAB* table = nullptr;
char* text_base = nullptr;

// The fingerprints of folded query ids, so that a backend that counts a
// statement under its query id finds the folded entry (and learns the
// fingerprint). Bounded; cleared when full (a query id not found is counted
// pending again, and folded again).
struct FoldedQueryId {
  std::uint64_t query_id;  // hash key
  std::uint64_t fingerprint;
  FingerprintSource source;
};
HTAB* folded = nullptr;

long folded_capacity() { return 2L * settings.max_statements; }

uint32 hash_statement_key(const void* key, Size) { return statement_key_hash(*static_cast<const StatementKey*>(key)); }

// The entry for *key, a pending key followed to its fingerprint's entry
// when its statement has been folded (*key then becomes that key). Lock
// held, either mode.
StoreEntry* find_entry(StatementKey* key) {
  auto* e = static_cast<StoreEntry*>(hash_search(table, key, HASH_FIND, nullptr));
  if (e != nullptr || key->source != FingerprintSource::kPendingQueryId) return e;
  const auto* f = static_cast<FoldedQueryId*>(hash_search(folded, &key->fingerprint, HASH_FIND, nullptr));
  if (f == nullptr) return nullptr;
  key->fingerprint = f->fingerprint;
  key->source = f->source;
  return static_cast<StoreEntry*>(hash_search(table, key, HASH_FIND, nullptr));
}

constexpr const char* kTrancheName = "pg_insights";
// The shared memory areas' names (pg_shmem_allocations, shared_memory.h).
constexpr const char* kStateName = "pg_insights state";
constexpr const char* kTableName = "pg_insights statements";
constexpr const char* kTextsName = "pg_insights texts";
constexpr const char* kFoldedName = "pg_insights folded query ids";

std::size_t text_capacity() {
  return static_cast<std::size_t>(settings.max_statements) * kTextBytesPerStatement;
}

TextArena arena() { return TextArena{text_base, state->text_capacity, state->text_used}; }

// Moves live texts together. Exclusive lock held.
void compact_texts() {
  long n = hash_get_num_entries(table);
  TextRef** refs = static_cast<TextRef**>(palloc(sizeof(TextRef*) * ((1 + kSamplesPerStatement) * n + 1)));
  long i = 0;
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, table);
  while (auto* e = static_cast<StoreEntry*>(hash_seq_search(&scan))) {
    refs[i++] = &e->text;
    for (TextRef& sample : e->samples) refs[i++] = &sample;
  }
  TextArena a = arena();
  state->text_used = compact(a, refs, static_cast<std::size_t>(i));
  pfree(refs);
}

// Evicts the least used entries (eviction.h). Exclusive lock held: no
// backend holds the shared lock, so none is counting under an entry's
// spinlock, and usage is read and decayed without it (one pass: every
// entry's usage decays, the victims' too before they go; the candidates
// keep the usage before the decay, which choose_victims() expects).
void evict_round() {
  long n = hash_get_num_entries(table);
  if (n == 0) return;
  auto* candidates = static_cast<EvictionCandidate*>(palloc(sizeof(EvictionCandidate) * n));
  auto** entries = static_cast<StoreEntry**>(palloc(sizeof(StoreEntry*) * n));
  long i = 0;
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, table);
  while (auto* e = static_cast<StoreEntry*>(hash_seq_search(&scan))) {
    candidates[i] = EvictionCandidate{e->usage, static_cast<std::uint32_t>(i)};
    e->usage *= kUsageDecay;
    entries[i++] = e;
  }
  const EvictionRound round = choose_victims(candidates, static_cast<std::size_t>(i));
  for (std::size_t v = 0; v < round.victims; ++v)
    hash_search(table, &entries[candidates[v].slot]->key, HASH_REMOVE, nullptr);
  state->new_entry_usage = round.survivor_median;
  state->evictions += static_cast<long>(round.victims);
  pfree(candidates);
  pfree(entries);
}

// Stores text in the arena, compacting (and, when allowed, evicting) to
// make room. Exclusive lock held. Eviction may remove any entry, so callers
// store texts before they look up or create the entry the text is for.
TextRef store_text(const char* text, std::size_t length, bool may_evict) {
  if (text == nullptr) return TextRef{kNoText, 0};
  TextArena a = arena();
  TextRef ref = a.append(text, length);
  if (ref.offset == kNoText) {
    compact_texts();
    a = arena();
    ref = a.append(text, length);
  }
  if (ref.offset == kNoText && may_evict) {
    evict_round();
    compact_texts();
    a = arena();
    ref = a.append(text, length);
  }
  state->text_used = a.used;
  return ref;
}

StoreEntry* create_entry(const StatementKey& key, double usage, TextRef text, bool truncated, int encoding) {
  bool found = false;
  auto* e = static_cast<StoreEntry*>(hash_search(table, &key, HASH_ENTER_NULL, &found));
  if (e == nullptr || found) return e;
  // Zero everything after the key; the key was copied in by hash_search.
  std::memset(reinterpret_cast<char*>(e) + sizeof(StatementKey), 0, sizeof(StoreEntry) - sizeof(StatementKey));
  SpinLockInit(&e->mutex);
  e->usage = usage;
  e->encoding = encoding;
  e->text_truncated = truncated;
  e->text = text;
  for (TextRef& sample : e->samples) sample = TextRef{kNoText, 0};
  return e;
}

// Finds or creates an entry (*key as find_entry). Exclusive lock held.
// nullptr only if the hash table cannot take one more entry even after
// eviction.
StoreEntry* enter(StatementKey* key, const char* text, std::size_t length, bool truncated, double usage) {
  StoreEntry* e = find_entry(key);
  if (e != nullptr) return e;
  if (hash_get_num_entries(table) >= settings.max_statements) evict_round();
  const TextRef ref = store_text(text, length, true);
  return create_entry(*key, usage, ref, truncated, GetDatabaseEncoding());
}

// Remembers a folded query id's fingerprint. Exclusive lock held.
void remember_folded(std::uint64_t query_id, std::uint64_t fingerprint, FingerprintSource source) {
  if (hash_get_num_entries(folded) >= folded_capacity()) {
    HASH_SEQ_STATUS scan;
    hash_seq_init(&scan, folded);
    while (auto* f = static_cast<FoldedQueryId*>(hash_seq_search(&scan)))
      hash_search(folded, &f->query_id, HASH_REMOVE, nullptr);
  }
  bool found = false;
  auto* f = static_cast<FoldedQueryId*>(hash_search(folded, &query_id, HASH_ENTER_NULL, &found));
  if (f == nullptr) return;
  f->fingerprint = fingerprint;
  f->source = source;
}

// Folds one pending entry into its fingerprint's. Exclusive lock held.
void fold_one(const FoldedStatement& fold) {
  remember_folded(fold.pending.fingerprint, fold.fingerprint, fold.source);
  auto* p = static_cast<StoreEntry*>(hash_search(table, &fold.pending, HASH_FIND, nullptr));
  if (p == nullptr) return;
  const StoreEntry moved = *p;
  hash_search(table, &fold.pending, HASH_REMOVE, nullptr);
  StatementKey target = fold.pending;
  target.fingerprint = fold.fingerprint;
  target.source = fold.source;
  bool found = false;
  // The slot just freed is reused: this never fails.
  auto* t = static_cast<StoreEntry*>(hash_search(table, &target, HASH_ENTER_NULL, &found));
  if (t == nullptr) return;
  if (!found) {
    *t = moved;
    t->key = target;
    SpinLockInit(&t->mutex);
    return;
  }
  // The text and samples kept are the first execution's, whatever the
  // order of folds; the later entry's first sample may be the second one.
  const bool earlier =
      moved.counters.calls > 0 && (t->counters.calls == 0 || moved.counters.first_seen < t->counters.first_seen);
  const StoreEntry& first = earlier ? moved : *t;
  const StoreEntry& later = earlier ? *t : moved;
  TextRef samples[kSamplesPerStatement] = {first.samples[0], first.samples[1]};
  std::uint64_t sample_hash = first.sample_hash;
  if (samples[0].offset == kNoText) {
    samples[0] = later.samples[0];
    samples[1] = later.samples[1];
    sample_hash = later.sample_hash;
  } else if (samples[1].offset == kNoText && later.samples[0].offset != kNoText && later.sample_hash != 0 &&
             later.sample_hash != sample_hash) {
    samples[1] = later.samples[0];
  }
  if (earlier) {
    t->text = moved.text;
    t->text_truncated = moved.text_truncated;
  }
  for (int k = 0; k < kSamplesPerStatement; ++k) t->samples[k] = samples[k];
  t->sample_hash = sample_hash;
  // A text no entry refers to any more is left to the next compaction.
  merge_counters(t->counters, moved.counters);
  t->usage += moved.usage;
}

// Returns the entry's calls, this one included.
std::int64_t add_execution(StoreEntry* e, const Execution& x) {
  SpinLockAcquire(&e->mutex);
  e->usage += 1.0;
  e->counters.record(x);
  const std::int64_t calls = e->counters.calls;
  SpinLockRelease(&e->mutex);
  return calls;
}

// Counts an execution in an entry found under the lock; says whether the
// execution should be kept as a sample, and the entry's calls in *calls.
UpdateResult count_execution(StoreEntry* e, const Execution& x, std::int64_t* calls) {
  *calls = add_execution(e, x);
  if (e->samples[0].offset == kNoText) return UpdateResult::kWantsSample;
  if (e->samples[1].offset == kNoText && x.literal_text_hash != 0 && x.literal_text_hash != e->sample_hash)
    return UpdateResult::kWantsSecondSample;
  return UpdateResult::kUpdated;
}

}  // namespace

void store_shmem_areas(SharedMemoryAreas* areas) {
  areas->add(kStateName, MAXALIGN(sizeof(SharedState)), nullptr);
  areas->add(kTableName, hash_estimate_size(settings.max_statements, sizeof(StoreEntry)), "insights.max_statements");
  areas->add(kTextsName, text_capacity(), "insights.max_statements");
  areas->add(kFoldedName, hash_estimate_size(folded_capacity(), sizeof(FoldedQueryId)), "insights.max_statements");
}

void store_request_shmem() { RequestNamedLWLockTranche(kTrancheName, 1); }

void store_startup_shmem() {
  state = nullptr;
  table = nullptr;
  folded = nullptr;
  LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
  bool found = false;
  state = static_cast<SharedState*>(ShmemInitStruct(kStateName, sizeof(SharedState), &found));
  if (!found) {
    state->lock = &(GetNamedLWLockTranche(kTrancheName))->lock;
    state->new_entry_usage = kInitialUsage;
    state->text_used = 0;
    state->text_capacity = text_capacity();
    state->evictions = 0;
    state->stats_since = GetCurrentTimestamp();
    pg_atomic_init_flag(&state->queryid_off_reported);
  }
  bool text_found = false;
  text_base = static_cast<char*>(ShmemInitStruct(kTextsName, text_capacity(), &text_found));
  HASHCTL info;
  std::memset(&info, 0, sizeof info);
  info.keysize = sizeof(StatementKey);
  info.entrysize = sizeof(StoreEntry);
  info.hash = hash_statement_key;  // keys are compared as bytes (memcmp), as with HASH_BLOBS
  table = ShmemInitHash(kTableName, settings.max_statements, settings.max_statements, &info, HASH_ELEM | HASH_FUNCTION);
  HASHCTL folded_info;
  std::memset(&folded_info, 0, sizeof folded_info);
  folded_info.keysize = sizeof(std::uint64_t);
  folded_info.entrysize = sizeof(FoldedQueryId);
  folded = ShmemInitHash(kFoldedName, folded_capacity(), folded_capacity(), &folded_info, HASH_ELEM | HASH_BLOBS);
  LWLockRelease(AddinShmemInitLock);

  if (!IsUnderPostmaster && !found) store_load_file();
}

bool store_available() { return state != nullptr && table != nullptr && folded != nullptr; }

bool store_lock_held() { return state != nullptr && LWLockHeldByMe(state->lock); }

void store_require() {
  if (!store_available())
    ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                    errmsg("pg_insights must be loaded via \"shared_preload_libraries\""),
                    errhint("Add pg_insights to shared_preload_libraries in postgresql.conf and restart the server.")));
}

UpdateResult store_update(const StatementKey& key, const Execution& x) {
  LWLockAcquire(state->lock, LW_SHARED);
  auto* e = static_cast<StoreEntry*>(hash_search(table, &key, HASH_FIND, nullptr));
  std::int64_t calls;
  const UpdateResult result = e != nullptr ? count_execution(e, x, &calls) : UpdateResult::kMissing;
  LWLockRelease(state->lock);
  return result;
}

UpdateResult store_update_pending(StatementKey* key, const Execution& x, std::int64_t* calls) {
  LWLockAcquire(state->lock, LW_SHARED);
  StoreEntry* e = find_entry(key);
  const UpdateResult result = e != nullptr ? count_execution(e, x, calls) : UpdateResult::kMissing;
  LWLockRelease(state->lock);
  return result;
}

void store_record_repeats(const StatementKey& key, std::int64_t count) {
  if (!store_available()) return;
  StatementKey found = key;
  LWLockAcquire(state->lock, LW_SHARED);
  if (StoreEntry* e = find_entry(&found)) {
    SpinLockAcquire(&e->mutex);
    e->counters.record_repeats(count);
    SpinLockRelease(&e->mutex);
  }
  LWLockRelease(state->lock);
}

void store_set_sample(const StatementKey& key, const char* sample, std::size_t length, std::uint64_t literal_hash) {
  StatementKey found = key;
  LWLockAcquire(state->lock, LW_EXCLUSIVE);
  StoreEntry* e = find_entry(&found);
  if (e != nullptr) {
    const bool first = e->samples[0].offset == kNoText;
    const bool second = !first && e->samples[1].offset == kNoText && literal_hash != 0 && literal_hash != e->sample_hash;
    if (first || second) {
      const TextRef ref = store_text(sample, length, false);  // never evicts e
      if (first) {
        e->samples[0] = ref;
        e->sample_hash = literal_hash;
      } else {
        e->samples[1] = ref;
      }
    }
  }
  LWLockRelease(state->lock);
}

void store_insert(StatementKey* key, const Execution& x, const char* text, std::size_t length, bool truncated) {
  LWLockAcquire(state->lock, LW_EXCLUSIVE);
  StoreEntry* e = enter(key, text, length, truncated, state->new_entry_usage);
  if (e != nullptr) add_execution(e, x);
  LWLockRelease(state->lock);
}

PendingStatement* store_pending(int* count) {
  const bool lock = IsUnderPostmaster;
  if (lock) LWLockAcquire(state->lock, LW_SHARED);
  auto* pending = static_cast<PendingStatement*>(palloc(sizeof(PendingStatement) * (hash_get_num_entries(table) + 1)));
  int n = 0;
  const TextArena texts{text_base, 0, 0};
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, table);
  while (auto* e = static_cast<StoreEntry*>(hash_seq_search(&scan))) {
    if (e->key.source != FingerprintSource::kPendingQueryId) continue;
    const char* text = texts.at(e->text);
    pending[n++] = PendingStatement{e->key, text == nullptr ? nullptr : pnstrdup(text, e->text.length)};
  }
  if (lock) LWLockRelease(state->lock);
  *count = n;
  return pending;
}

void store_fold(const FoldedStatement* folds, int count) {
  if (count == 0) return;
  const bool lock = IsUnderPostmaster;
  if (lock) LWLockAcquire(state->lock, LW_EXCLUSIVE);
  for (int i = 0; i < count; ++i) fold_one(folds[i]);
  if (lock) LWLockRelease(state->lock);
}

void store_scan(void (*fn)(const EntrySnapshot&, void*), void* arg) {
  store_require();
  fold_pending_statements();
  LWLockAcquire(state->lock, LW_SHARED);
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, table);
  while (auto* e = static_cast<StoreEntry*>(hash_seq_search(&scan))) {
    // Pending since the fold just above: shown at the next scan.
    if (e->key.source == FingerprintSource::kPendingQueryId) continue;
    EntrySnapshot s;
    s.key = e->key;
    SpinLockAcquire(&e->mutex);
    s.counters = e->counters;
    SpinLockRelease(&e->mutex);
    s.text_truncated = e->text_truncated;
    s.text = TextArena{text_base, 0, 0}.at(e->text);
    s.text_length = e->text.length;
    for (int k = 0; k < kSamplesPerStatement; ++k) {
      s.samples[k] = TextArena{text_base, 0, 0}.at(e->samples[k]);
      s.sample_lengths[k] = e->samples[k].length;
    }
    s.sample_hash = e->sample_hash;
    fn(s, arg);
  }
  LWLockRelease(state->lock);
}

void store_reset_all() {
  store_require();
  LWLockAcquire(state->lock, LW_EXCLUSIVE);
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, table);
  while (auto* e = static_cast<StoreEntry*>(hash_seq_search(&scan))) hash_search(table, &e->key, HASH_REMOVE, nullptr);
  state->text_used = 0;
  state->new_entry_usage = kInitialUsage;
  state->evictions = 0;  // counted since stats_since, like everything else
  state->stats_since = GetCurrentTimestamp();
  LWLockRelease(state->lock);
}

long store_reset_fingerprint(std::uint64_t fingerprint) {
  store_require();
  fold_pending_statements();  // the statement's pending entries too
  long removed = 0;
  LWLockAcquire(state->lock, LW_EXCLUSIVE);
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, table);
  while (auto* e = static_cast<StoreEntry*>(hash_seq_search(&scan))) {
    if (e->key.fingerprint == fingerprint && e->key.source != FingerprintSource::kPendingQueryId) {
      hash_search(table, &e->key, HASH_REMOVE, nullptr);
      ++removed;
    }
  }
  LWLockRelease(state->lock);
  return removed;
}

TimestampTz store_reset_minmax(const std::uint64_t* fingerprint) {
  store_require();
  const TimestampTz now = GetCurrentTimestamp();
  // Counters change under each entry's spinlock: the shared lock suffices.
  LWLockAcquire(state->lock, LW_SHARED);
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, table);
  while (auto* e = static_cast<StoreEntry*>(hash_seq_search(&scan))) {
    if (fingerprint != nullptr && e->key.fingerprint != *fingerprint) continue;
    SpinLockAcquire(&e->mutex);
    e->counters.reset_minmax(now);
    SpinLockRelease(&e->mutex);
  }
  LWLockRelease(state->lock);
  return now;
}

TimestampTz store_stats_since() {
  store_require();
  LWLockAcquire(state->lock, LW_SHARED);
  TimestampTz since = state->stats_since;
  LWLockRelease(state->lock);
  return since;
}

long store_evictions() {
  store_require();
  LWLockAcquire(state->lock, LW_SHARED);
  long n = state->evictions;
  LWLockRelease(state->lock);
  return n;
}

long store_pending_entries() {
  store_require();
  long n = 0;
  LWLockAcquire(state->lock, LW_SHARED);
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, table);
  while (auto* e = static_cast<StoreEntry*>(hash_seq_search(&scan)))
    if (e->key.source == FingerprintSource::kPendingQueryId) ++n;
  LWLockRelease(state->lock);
  return n;
}

double store_bytes_per_entry() {
  // What one tracked statement costs in shared memory, texts aside.
  store_require();
  return static_cast<double>(hash_estimate_size(settings.max_statements, sizeof(StoreEntry))) /
         settings.max_statements;
}

bool store_claim_queryid_off_report() {
  return store_available() && pg_atomic_test_set_flag(&state->queryid_off_reported);
}

RestoreResult store_restore_entry(const StatementKey& key, const StatementCounters& c, double usage,
                                  RestoredText text, bool truncated, const RestoredText* samples,
                                  std::uint64_t sample_hash, int encoding) {
  // A key twice would overwrite the first entry's counters and leak its
  // texts: the saver never writes one, so the file is not trustworthy.
  if (hash_search(table, &key, HASH_FIND, nullptr) != nullptr) return RestoreResult::kDuplicate;
  if (hash_get_num_entries(table) >= settings.max_statements) return RestoreResult::kDropped;
  TextArena a = arena();
  const TextRef text_ref = a.append(text.data, text.length);
  if (text_ref.offset == kNoText) return RestoreResult::kDropped;
  TextRef sample_refs[kSamplesPerStatement];
  for (int k = 0; k < kSamplesPerStatement; ++k)
    sample_refs[k] = samples[k].length > 0 ? a.append(samples[k].data, samples[k].length) : TextRef{kNoText, 0};
  state->text_used = a.used;
  StoreEntry* e = create_entry(key, usage, text_ref, truncated, encoding);
  if (e == nullptr) return RestoreResult::kDropped;
  e->counters = c;
  for (int k = 0; k < kSamplesPerStatement; ++k) e->samples[k] = sample_refs[k];
  e->sample_hash = sample_hash;
  return RestoreResult::kRestored;
}

TimestampTz store_stats_since_unlocked() { return state->stats_since; }
void store_set_stats_since_unlocked(TimestampTz since) { state->stats_since = since; }

void store_scan_unlocked(void (*fn)(const StoreEntry&, const char* text, const char* const* samples, void*), void* arg) {
  if (!store_available()) return;
  const TextArena texts{text_base, 0, 0};
  HASH_SEQ_STATUS scan;
  hash_seq_init(&scan, table);
  while (auto* e = static_cast<StoreEntry*>(hash_seq_search(&scan))) {
    if (e->key.source == FingerprintSource::kPendingQueryId) continue;  // never saved
    const char* samples[kSamplesPerStatement];
    for (int k = 0; k < kSamplesPerStatement; ++k) samples[k] = texts.at(e->samples[k]);
    fn(*e, texts.at(e->text), samples, arg);
  }
}

}  // namespace insights::pg
