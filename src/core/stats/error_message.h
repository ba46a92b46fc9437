// The one message kept per failing statement (insights.statement_errors).
//
// An error's text carries what the user sent: a unique violation's DETAIL
// the duplicate key, a cast error the value that would not convert
// (`invalid input syntax for type integer: "secret"`), a RAISE the values
// concatenated into it. Masking such a text after the fact is guesswork
// (translated messages, unquoted values), so what is kept is the message's
// format string, the errmsg() template the server's code wrote (ErrorData's
// message_id, untranslated), with every conversion (%s, %d, %ld, %.*s, %m …)
// replaced by $1, $2, … in order, as constants are in normalized texts:
//   duplicate key value violates unique constraint "$1"
//   invalid input syntax for type $1: "$2"
// It holds no byte of the user's: never a DETAIL, a HINT or a value.
#pragma once

#include <cstddef>

namespace insights {

// Writes the masked template into out (capacity bytes, NUL-terminated,
// cut on a UTF-8 character boundary); returns its length. A null template
// gives an empty text. Never allocates.
std::size_t mask_error_template(const char* format, char* out, std::size_t capacity) noexcept;

}  // namespace insights
