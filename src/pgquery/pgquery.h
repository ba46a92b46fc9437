// The project's interface to libpg_query. Only src/pgquery/ includes
// pg_query.h: libpg_query carries its own copy of PostgreSQL's headers,
// which clash with the server's (docs/ARCHITECTURE.md, "The boundary").
//
// Everything here is noexcept and reports errors through ParseError, so
// callers in the backend never see an exception or a longjmp. No statement,
// however deep, can overflow the stack: libpg_query runs with a stack limit
// derived from max_stack_depth (src/pgquery/stack_budget.h), on a separate
// stack when what is left here is not enough.
#pragma once

#include <cstddef>
#include <cstdint>

namespace insights::pgquery {

struct ParseError {
  char message[256];
  int cursor_position;  // 1-based character position in the input, 0 if unknown
  // The statement is nested deeper than pg_insights lets libpg_query go
  // (a few times max_stack_depth): message says so.
  bool too_deep = false;
  // Longer than kMaxParsedBytes: not given to libpg_query at all.
  bool too_long = false;
};

// libpg_query needs about a hundred times a text's length in memory (a
// 200 MB statement took 24 GB): longer texts are refused up front. 1 MiB is
// also track_activity_query_size's largest setting.
inline constexpr std::size_t kMaxParsedBytes = std::size_t{1} << 20;

// The version of libpg_query linked in (scripts/build-libpg-query.sh), e.g.
// "17-6.1.0": its parser and fingerprint algorithm make the fingerprints, so
// the statistics file records it (persistence.cpp).
const char* library_version() noexcept;

// libpg_query's fingerprint of a single statement's text.
bool fingerprint(const char* sql, std::uint64_t* out, ParseError* error) noexcept;

// libpg_query's normalized text ($1, $2 … for constants). On success returns
// a malloc'd, NUL-terminated string the caller releases with std::free().
char* normalize(const char* sql, ParseError* error) noexcept;

}  // namespace insights::pgquery
