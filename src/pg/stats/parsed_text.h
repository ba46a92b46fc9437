// The normalized text of a statement made from what parse analysis already
// found, as pg_stat_statements makes it: the JumbleState's constant
// locations, each constant (a negative number with its sign) replaced by
// $n, numbered after the statement's highest parameter. No second parse:
// the server's lexer only measures the constants.
//
// The post_parse_analyze hook notes the text of a statement its backend
// has not seen yet (a few at a time: the extended protocol may parse
// several statements before running them); the capture path takes it when
// the statement needs a stored text. Without one (compute_query_id off, a
// utility statement, a statement parsed before this backend last forgot
// it) the capture path normalizes with libpg_query as before.
//
// PostgreSQL-style code: palloc'd C data, called from the capture hooks.
#pragma once

#include <cstdint>

#include "pg/compat.h"

extern "C" {
#include "nodes/parsenodes.h"
#include INSIGHTS_JUMBLE_HEADER
}

namespace insights::pg {

// The statement's normalized text, palloc'd in the current context, its
// length in *result_length; nullptr when the locations cannot be trusted to cover
// every string constant (then libpg_query must normalize it). Never raises
// an error of its own (out of memory aside).
char* normalize_with_jumble(const char* source_text, int location, int length, const JumbleState* jstate,
                            int* result_length);

// Notes the normalized text of a statement just analyzed, for the query id.
void note_parsed_text(const char* source_text, const Query* query, const JumbleState* jstate);

// The text noted for query_id (NUL-terminated, *length bytes), or nullptr.
// Borrowed: valid until the next note_parsed_text() or drop_parsed_text().
// A statement counted before it is fingerprinted keeps its note for its
// next execution in this backend (the extended protocol parses once),
// which fingerprints it (capture.cpp); any other drops it once stored.
const char* find_parsed_text(std::uint64_t query_id, int* length);
void drop_parsed_text(std::uint64_t query_id);

// Whether a text is noted for query_id, complete within max_length bytes:
// a statement can then be counted before it is fingerprinted (store.h),
// since its stored text is enough to fingerprint it later.
bool has_parsed_text(std::uint64_t query_id, int max_length);

}  // namespace insights::pg
