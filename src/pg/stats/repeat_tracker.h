// N+1 detection: how many times each statement runs within one
// transaction. Backend-local, fixed size, reset at every transaction end;
// statements run at least insights.n_plus_one_min_repeats times are
// reported to the store before commit.
#pragma once

#include "core/stats/statement_key.h"

namespace insights::pg {

// Called for every top-level statement run inside a transaction block (the
// hot path: a few dozen instructions, no allocation but the first call's,
// which registers the transaction callback).
void note_statement_run(const StatementKey& key);
// The statement noted under `from` (its pending key, store.h) is now known
// under `to` (its fingerprint's): its runs in this transaction move there.
void move_statement_runs(const StatementKey& from, const StatementKey& to);

}  // namespace insights::pg
