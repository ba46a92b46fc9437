#include "pg/stats/pending_statements.h"

#include "pg/compat.h"
#include "pg/stats/queryid_map.h"
#include "pg/stats/store.h"
#include "pgquery/pgquery.h"

extern "C" {
#include "miscadmin.h"
}

namespace insights::pg {

Fingerprinted fingerprint_text(const char* text, std::uint64_t query_id) {
  pgquery::ParseError error;
  std::uint64_t fingerprint = 0;
  if (text != nullptr && pgquery::fingerprint(text, &fingerprint, &error))
    return Fingerprinted{fingerprint, FingerprintSource::kLibpgQuery};
  return Fingerprinted{query_id, FingerprintSource::kQueryId};
}

void fold_pending_statements() {
  int count = 0;
  PendingStatement* pending = store_pending(&count);
  if (count > 0) {
    // libpg_query without the lock: backends keep counting meanwhile.
    auto* folds = static_cast<FoldedStatement*>(palloc(sizeof(FoldedStatement) * count));
    for (int i = 0; i < count; ++i) {
      // A pending entry's text is its complete normalized text (capture.cpp
      // counts a statement pending only then); one without a text (the
      // arena was full) is keyed by its query id.
      const Fingerprinted f = fingerprint_text(pending[i].text, pending[i].key.fingerprint);
      folds[i] = FoldedStatement{pending[i].key, f.fingerprint, f.source};
      if (pending[i].text != nullptr) pfree(pending[i].text);
    }
    store_fold(folds, count);
    // The wait profile's map (queryid_map.h), which otherwise learns a
    // fingerprint only from a backend that runs the statement again.
    if (IsUnderPostmaster)
      for (int i = 0; i < count; ++i) queryid_map_publish(folds[i].pending.fingerprint, folds[i].fingerprint, folds[i].source);
    pfree(folds);
  }
  pfree(pending);
}

}  // namespace insights::pg
