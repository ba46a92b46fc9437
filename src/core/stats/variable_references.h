// A statement run inside a function names the function's variables
// (`WHERE customer_id = p_customer`, `blk.v`, `rec.field`, `$1`); the
// language resolves them to parameters when it parses the statement. To
// re-plan the statement outside the function (index advice), its sample
// names them as parameters instead: `WHERE customer_id = $1`, with the
// value the variable had.
//
// The language gives each reference's start (the Param node's location);
// these functions find where it ends and rewrite the text. No allocation:
// they run in the executor hook.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace insights {

// Length of the reference that starts at text[offset]: a column reference
// (identifiers, plain or double-quoted, separated by dots, the last one
// possibly `*`) or a parameter reference `$n`; 0 when none starts there.
std::size_t variable_reference_length(std::string_view text, std::size_t offset) noexcept;

struct VariableReference {
  std::uint32_t offset;    // in the statement's text
  std::uint32_t length;
  std::uint32_t param_id;  // the language's parameter number
};

// Writes text with each reference replaced by `$k` into out (capacity
// bytes, no NUL) and returns its length; k numbers the distinct param_ids in
// order of first appearance, and ids[k - 1] receives the k-th param_id
// (room for count ids). 0 when the references are not sorted, overlap, lie
// outside the text, or the result does not fit.
std::size_t substitute_variable_references(std::string_view text, const VariableReference* refs, int count,
                                           char* out, std::size_t capacity, std::uint32_t* ids,
                                           int* id_count) noexcept;

}  // namespace insights
