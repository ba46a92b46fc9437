// Internal to src/core/advice: how an index candidate is spelled in SQL,
// shared by the DDL, the index name and the workload merge.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/advice/index_candidate.h"

namespace insights::advice {

using QuoteIdent = std::function<std::string(std::string_view)>;

// One key as CREATE INDEX spells it: the quoted column or the parenthesized
// expression, then DESC, then NULLS FIRST / LAST only where it differs from
// PostgreSQL's default for the direction.
std::string key_text(const IndexKey& key, const QuoteIdent& quote_ident);

// What follows the index name in CREATE INDEX:
// ON <schema>.<table> (<keys>) [INCLUDE (<columns>)] [WHERE <predicate>]
std::string index_definition(const IndexCandidate& candidate, const QuoteIdent& quote_ident);

// index_definition with every identifier double-quoted: two candidates with
// the same canonical definition are the same index.
std::string canonical_definition(const IndexCandidate& candidate);

}  // namespace insights::advice
