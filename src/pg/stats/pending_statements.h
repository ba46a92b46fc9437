// Fingerprinting the statements counted under the server's query id
// (store.h, "pending"), off the executor's path: libpg_query runs here, for
// the first reader of the store (store_scan, reset) and for the postmaster
// before it saves the store, never for a statement run a few times and
// evicted. A statement that keeps running while pending is fingerprinted
// by the backend that runs it for the fourth time (the second, for a call
// as slow as insights.advice_min_ms; capture.cpp, kFingerprintAtCalls),
// once for the whole server.
//
// PostgreSQL-style code: palloc'd C data.
#pragma once

#include <cstdint>

#include "core/stats/statement_key.h"

namespace insights::pg {

// The fingerprint of a statement's text (normalized or not: libpg_query's
// fingerprint ignores constants and parameters alike); the server's query
// id, with source kQueryId, when libpg_query cannot parse it.
struct Fingerprinted {
  std::uint64_t fingerprint;
  FingerprintSource source;
};
Fingerprinted fingerprint_text(const char* text, std::uint64_t query_id);

// Fingerprints every pending entry and folds it into its fingerprint's
// (store_fold). Takes the store's lock itself: call it without.
void fold_pending_statements();

}  // namespace insights::pg
