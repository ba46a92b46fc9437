// A candidate as SQL: its deterministic name and its CREATE INDEX statement.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/advice/index_candidate.h"

namespace insights::advice {

// Deterministic readable name, at most 63 bytes:
// <table>_<key cols>[_incl][_part]_<hash>_idx, letters lowercased, other
// characters outside [a-z0-9_] folded to '_', the readable part shortened
// when long. <hash> (8 hex digits of the full definition) is always there,
// so different indexes never share a name: the readable part cannot tell
// directions or predicates apart, and PostgreSQL's default names
// (orders_customer_id_idx) are often already taken.
std::string index_name(const IndexCandidate& candidate);

// CREATE INDEX CONCURRENTLY <name> ON <schema>.<table> (<keys>) [INCLUDE (...)] [WHERE ...];
// without CONCURRENTLY on a partitioned table, where PostgreSQL refuses it.
// quote_ident quotes one identifier as PostgreSQL's quote_identifier does
// (src/pg passes the real one; tests pass a fake). Expressions are emitted
// in parentheses as given.
std::string create_index_ddl(const IndexCandidate& candidate,
                             const std::function<std::string(std::string_view)>& quote_ident);

// For the rationale of an index on a partitioned table with that many
// partitions: where it is built, that it blocks writes, and the
// non-blocking recipe. Empty for any other table.
std::string partitioned_ddl_note(const IndexCandidate& candidate, int partitions);

}  // namespace insights::advice
