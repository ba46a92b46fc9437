// Copies the candidates for index advice out of the statement store: under
// the store's lock only plain C copies (store_scan's callback), the
// catalog look-ups (roles) after it.
#include "pg/advice/tracked_statements.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "pg/guard.h"
#include "pg/settings.h"
#include "pg/stats/store.h"

extern "C" {
#include "catalog/pg_authid.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/syscache.h"
}

namespace insights::pg {
namespace {

// A statement is worth an index when a call is slow enough or when it takes
// a visible share of the workload's time.
constexpr double kMinShareOfTotalTime = 0.01;
// Bounded work: the statements that take the most total time.
constexpr std::size_t kMaxStatementsAnalyzed = 200;

struct RawStatement {
  char fingerprint[17];
  Oid owner;
  double calls, total_ms, mean_ms;
  char* samples[kSamplesPerStatement];  // nullptr when absent
  std::uint32_t sample_lengths[kSamplesPerStatement];
  bool one_literal_text;
};

struct StoreCopy {
  List* statements;  // RawStatement*
  Oid user;
  Oid database;
  bool sees_all;
};

void copy_statement(const EntrySnapshot& s, void* arg) {
  auto* copy = static_cast<StoreCopy*>(arg);
  // Nested statements (inside functions) too: their samples name the
  // function's variables as parameters (pg/stats/function_variables.h).
  // Statements of other users only for those who may read their texts.
  if (s.samples[0] == nullptr || s.key.source != FingerprintSource::kLibpgQuery) return;
  // Another database's statements name objects this one does not have.
  if (s.key.dbid != copy->database) return;
  if (!copy->sees_all && s.key.userid != copy->user) return;
  auto* raw = static_cast<RawStatement*>(palloc(sizeof(RawStatement)));
  const FingerprintText hex = format_fingerprint(s.key.fingerprint);
  memcpy(raw->fingerprint, hex.data(), sizeof raw->fingerprint);
  raw->owner = s.key.userid;
  raw->calls = static_cast<double>(s.counters.calls);
  raw->total_ms = s.counters.total_ms;
  raw->mean_ms = s.counters.mean_ms;
  raw->one_literal_text = s.sample_hash != 0 && s.samples[1] == nullptr && s.counters.calls >= 2;
  for (int k = 0; k < kSamplesPerStatement; ++k) {
    raw->samples[k] = nullptr;
    raw->sample_lengths[k] = 0;
    if (s.samples[k] == nullptr) continue;
    raw->samples[k] = static_cast<char*>(palloc(s.sample_lengths[k]));
    memcpy(raw->samples[k], s.samples[k], s.sample_lengths[k]);
    raw->sample_lengths[k] = s.sample_lengths[k];
  }
  copy->statements = lappend(copy->statements, raw);
}

}  // namespace

std::vector<AdvisedStatement> tracked_statements() {
  StoreCopy copy{NIL, InvalidOid, InvalidOid, false};
  bool caller_is_superuser = false;
  pg_call([&] {
    store_require();
    copy.user = GetUserId();
    copy.database = MyDatabaseId;
    copy.sees_all = has_privs_of_role(copy.user, ROLE_PG_READ_ALL_STATS);
    caller_is_superuser = superuser();
    store_scan(copy_statement, &copy);
  });
  std::vector<AdvisedStatement> all;
  double workload_ms = 0;
  ListCell* lc;
  foreach (lc, copy.statements) {
    const auto* raw = static_cast<const RawStatement*>(lfirst(lc));
    AdvisedStatement s;
    s.fingerprint = raw->fingerprint;
    s.owner = raw->owner;
    const Oid caller = copy.user;
    // A role dropped since it ran the statement runs nothing any more.
    if (!pg_call([&] { return SearchSysCacheExists1(AUTHOID, ObjectIdGetDatum(raw->owner)); })) continue;
    s.constants_visible = caller_is_superuser || pg_call([&] { return has_privs_of_role(caller, raw->owner); });
    s.calls = raw->calls;
    s.total_ms = raw->total_ms;
    s.mean_ms = raw->mean_ms;
    s.one_literal_text = raw->one_literal_text;
    for (int k = 0; k < kSamplesPerStatement; ++k)
      if (raw->samples[k] != nullptr) s.samples.emplace_back(raw->samples[k], raw->sample_lengths[k]);
    workload_ms += s.total_ms;
    all.push_back(std::move(s));
  }
  std::vector<AdvisedStatement> chosen;
  for (AdvisedStatement& s : all)
    if (s.mean_ms >= settings.advice_min_ms || s.total_ms >= kMinShareOfTotalTime * workload_ms)
      chosen.push_back(std::move(s));
  std::sort(chosen.begin(), chosen.end(), [](const AdvisedStatement& a, const AdvisedStatement& b) {
    return a.total_ms != b.total_ms ? a.total_ms > b.total_ms : a.fingerprint < b.fingerprint;
  });
  if (chosen.size() > kMaxStatementsAnalyzed) chosen.resize(kMaxStatementsAnalyzed);
  return chosen;
}

}  // namespace insights::pg
