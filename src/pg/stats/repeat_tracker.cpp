#include "pg/stats/repeat_tracker.h"

#include "pg/compat.h"
#include "pg/settings.h"
#include "pg/stats/store.h"

extern "C" {
#include "access/xact.h"
}

#include <cstring>

namespace insights::pg {
namespace {

// Open addressing over a small table: a transaction that runs more distinct
// statements than fit is tracked for those that do (an N+1 loop is one
// statement run many times, which always finds its slot).
constexpr int kSlots = 64;  // a power of two
constexpr int kProbes = 8;

struct Slot {
  StatementKey key;
  std::int64_t count;
};

Slot slots[kSlots];
int used[kSlots];  // indices of occupied slots, for a cheap reset
int used_count = 0;

void reset(bool report) {
  for (int i = 0; i < used_count; ++i) {
    Slot& s = slots[used[i]];
    if (report && s.count >= settings.n_plus_one_min_repeats) store_record_repeats(s.key, s.count);
    s.count = 0;
  }
  used_count = 0;
}

void on_transaction_end(XactEvent event, void*) noexcept {
  if (used_count == 0) return;
  switch (event) {
    case XACT_EVENT_PRE_COMMIT:
    case XACT_EVENT_PARALLEL_PRE_COMMIT:
    case XACT_EVENT_PRE_PREPARE:
      reset(true);
      break;
    case XACT_EVENT_ABORT:
    case XACT_EVENT_PARALLEL_ABORT:
      reset(false);
      break;
    default:
      break;
  }
}

// The transaction callback is registered when a statement is first noted,
// not at start-up: a backend that never runs a transaction block never pays
// for it at each commit (PostgreSQL calls every callback several times per
// transaction).
bool callback_registered = false;

// The slot of key, taken when free and `add` is true; nullptr when not
// there (or no slot is free among its probes).
Slot* find_slot(const StatementKey& key, bool add) {
  const auto home = static_cast<unsigned>(key.fingerprint ^ (key.fingerprint >> 32));
  for (int probe = 0; probe < kProbes; ++probe) {
    const int index = static_cast<int>((home + probe) & (kSlots - 1));
    Slot& s = slots[index];
    if (s.count == 0) {
      if (!add) return nullptr;
      s.key = key;
      used[used_count++] = index;
      return &s;
    }
    if (std::memcmp(&s.key, &key, sizeof key) == 0) return &s;
  }
  return nullptr;
}

}  // namespace

void note_statement_run(const StatementKey& key) {
  if (!callback_registered) {
    RegisterXactCallback(on_transaction_end, nullptr);
    callback_registered = true;
  }
  if (Slot* s = find_slot(key, true)) ++s->count;
}

void move_statement_runs(const StatementKey& from, const StatementKey& to) {
  Slot* s = find_slot(from, false);
  if (s == nullptr) return;
  const std::int64_t count = s->count;
  // The slot stays taken (a later key's probes pass through it), under a
  // key no statement has: a pending key of query id 0.
  s->key = StatementKey::make(0, FingerprintSource::kPendingQueryId, 0, 0, false);
  if (Slot* t = find_slot(to, true)) t->count += count;
}

}  // namespace insights::pg
