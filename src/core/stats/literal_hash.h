// The literal-text hash of a statement: FNV-1a over its constants' own
// bytes, so that the store can count how many different texts a statement
// arrives as and tell which constants vary between two samples. Hashing
// whole statement texts on the hot path cost more than all the rest of the
// bookkeeping; the server already knows where the constants start
// (JumbleState), so only they are read.
#pragma once

#include <cstdint>

namespace insights {

// The longest stretch of one constant that is hashed.
inline constexpr int kMaxLiteralBytes = 1024;

// Folds the constant that starts at p into hash: a quoted string (with an
// E/B/X prefix, doubled quotes inside) to its closing quote, a number with
// its sign, a typed literal (interval '1 day', DATE '2024-01-01'); anything
// else (true, NULL) to the first character that cannot continue a word. At
// most kMaxLiteralBytes per part; stops at a NUL.
std::uint64_t hash_literal(const char* p, std::uint64_t hash) noexcept;

}  // namespace insights
