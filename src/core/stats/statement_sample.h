// One execution of a statement kept for re-planning by the index advisor:
// its text with the constants it ran with, the search_path its names were
// resolved with and, for a prepared statement, its parameter values as text
// with their type oids.
//
// Encoded as one byte string in the store's text arena:
//   [ '\x01' search_path '\0' ] statement [ '\0' param ]...
//   param = <type oid> ':' ( 'N' | 'V' <value text> )
// (no search_path part: a sample from before it was recorded; no '\0' after
// the statement: no parameters known). No statement text starts with \x01:
// the lexer rejects it.
// Parameter values come from the types' output functions, which never
// produce '\0'.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace insights {

struct SampleParamView {
  std::uint32_t type_oid;
  const char* value;  // nullptr for SQL NULL
};

// Writes the encoding of statement and params into out (capacity bytes, no
// terminating NUL) and returns its length, or 0 when it does not fit.
// No allocation: runs in the executor hook.
std::size_t encode_sample(char* out, std::size_t capacity, std::string_view search_path, std::string_view statement,
                          const SampleParamView* params, int param_count) noexcept;

struct SampleParam {
  std::uint32_t type_oid = 0;
  std::optional<std::string> value;  // nullopt for SQL NULL
};

struct StatementSample {
  std::string search_path;  // empty when not recorded
  std::string statement;
  std::vector<SampleParam> params;
};

// nullopt when the bytes are not a valid encoding.
std::optional<StatementSample> decode_sample(std::string_view encoded);

}  // namespace insights
