// Normalized texts from the JumbleState (parsed_text.h). The locations the
// jumble recorded are where parse analysis found a Const; the server's own
// lexer, reading with the session's standard_conforming_strings and
// backslash_quote as the statement was read, says how long each is. A
// location that is not a token's start, or a string constant the jumble did
// not record, means the locations cannot be trusted: the caller falls back
// to libpg_query, so a constant is never stored unmasked. The lexer reads
// only what it must: from the first constant to the last, when the text
// before and after holds no quote (no string can hide there).
#include "pg/stats/parsed_text.h"

#include "pg/stats/constant_mask.h"

extern "C" {
#include "common/keywords.h"
#include "lib/stringinfo.h"
#include "parser/scanner.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
}

#include <algorithm>
#include <cstring>

namespace insights::pg {
namespace {

// The constants' offsets in the statement, sorted, each once (a Const can
// be reached twice in the tree); palloc'd. Sets *count.
int* constant_offsets(const JumbleState* jstate, int location, int length, int* count) {
  int* offsets = static_cast<int*>(palloc(sizeof(int) * (jstate->clocations_count + 1)));
  int n = 0;
  for (int i = 0; i < jstate->clocations_count; ++i) {
    const LocationLen& c = jstate->clocations[i];
    if (!compat_jumble_location_is_constant(c)) continue;
    if (c.location >= location && c.location < location + length) offsets[n++] = c.location - location;
  }
  std::sort(offsets, offsets + n);
  *count = static_cast<int>(std::unique(offsets, offsets + n) - offsets);
  return offsets;
}

// Whether a string constant can start in [begin, end): every string token
// ('…', E'…', B'…', X'…', N'…', U&'…', $tag$…$tag$) holds a quote, or a
// dollar sign not followed by a digit ($1 is a parameter, and a dollar
// quote's tag never starts with a digit). A quote in a comment or an
// identifier answers yes too: the caller then lexes.
bool may_hold_string(const char* begin, const char* end) {
  const auto n = static_cast<std::size_t>(end - begin);
  if (memchr(begin, '\'', n) != nullptr) return true;
  for (auto* p = static_cast<const char*>(memchr(begin, '$', n)); p != nullptr;
       p = static_cast<const char*>(memchr(p + 1, '$', static_cast<std::size_t>(end - p - 1))))
    if (p + 1 == end || !(p[1] >= '0' && p[1] <= '9')) return true;
  return false;
}

// Appends "$number" (pg_stat_statements' form), without a format string.
void append_parameter(StringInfo out, int number) {
  char symbol[12];
  symbol[0] = '$';
  const int digits = pg_ultoa_n(static_cast<uint32>(number), symbol + 1);
  appendBinaryStringInfo(out, symbol, digits + 1);
}

// Lexes text, writing it to out with the constants at offsets replaced;
// false when the offsets do not fit the tokens. May raise a lexer ERROR.
//
// Only the span from the first constant to the last is lexed when the text
// around it can hold no string constant (pg_stat_statements lexes from the
// start to the last constant): what lexing checks beyond each constant's
// length is that no string escaped the jumble, and a text without a quote
// or a dollar quote holds none. A text with no constant and no quote is not
// lexed at all.
bool replace_constants(const char* text, int length, const int* offsets, int count, int first_number,
                       StringInfo out) {
  const char* text_end = text + length;
  if (count == 0 && !may_hold_string(text, text_end)) {
    appendBinaryStringInfo(out, text, length);
    return true;
  }
  // Where lexing starts: the first constant (its location is a token's, as
  // parse analysis found it) when no string can precede it.
  const int base = count > 0 && !may_hold_string(text, text + offsets[0]) ? offsets[0] : 0;
  core_yy_extra_type extra;
  core_yyscan_t scanner = scanner_init(text + base, &extra, &ScanKeywords, ScanKeywordTokens);
  int next = 0;
  int copied = 0;
  int number = first_number;
  bool fits = true;
  for (;;) {
    core_YYSTYPE value;
    YYLTYPE location;
    int token = core_yylex(&value, &location, scanner);
    if (token == 0) break;
    const int at = base + location;  // in text
    if (next < count && at > offsets[next]) {
      fits = false;  // a recorded location inside a token
      break;
    }
    if (next < count && at == offsets[next]) {
      // The parser folds a minus sign into the constant after it (its
      // location is the sign's): the constant ends with the next token.
      if (token == '-') token = core_yylex(&value, &location, scanner);
      if (token == 0) {
        fits = false;
        break;
      }
      // The lexer leaves a NUL after the current token in its buffer.
      const int end = base + location + static_cast<int>(strlen(extra.scanbuf + location));
      appendBinaryStringInfo(out, text + copied, at - copied);
      append_parameter(out, ++number);
      copied = end;
      if (++next == count && !may_hold_string(text + copied, text_end)) break;
      continue;
    }
    if (is_string_constant_token(token)) {
      fits = false;  // a string the jumble did not record
      break;
    }
  }
  scanner_finish(scanner);
  if (!fits || next < count) return false;
  appendBinaryStringInfo(out, text + copied, length - copied);
  return true;
}

// Normalized texts noted at parse analysis, waiting for their first
// execution; a few, overwritten in turn. Texts live in TopMemoryContext.
constexpr int kNotes = 8;
struct Note {
  std::uint64_t query_id;  // 0: empty
  char* text;
  int length;  // in bytes
};
Note notes[kNotes];
int next_note = 0;

}  // namespace

char* normalize_with_jumble(const char* source_text, int location, int length, const JumbleState* jstate,
                            int* result_length) {
  if (source_text == nullptr || jstate == nullptr || compat_jumble_has_squashed_lists(jstate)) return nullptr;
  const char* statement = CleanQuerytext(source_text, &location, &length);
  int count = 0;
  int* offsets = constant_offsets(jstate, location, length, &count);
  char* text = pnstrdup(statement, length);
  MemoryContext caller = CurrentMemoryContext;
  StringInfoData out;
  initStringInfo(&out);
  volatile bool replaced = false;
  PG_TRY();
  {
    replaced = replace_constants(text, length, offsets, count, jstate->highest_extern_param_id, &out);
  }
  PG_CATCH();
  {
    // The text was just read by the same lexer, so an error here is not
    // expected; a lexing error is dropped and libpg_query tries.
    drop_lexing_error(caller);
  }
  PG_END_TRY();
  pfree(offsets);
  pfree(text);
  if (replaced) {
    *result_length = out.len;
    return out.data;
  }
  pfree(out.data);
  return nullptr;
}

void note_parsed_text(const char* source_text, const Query* query, const JumbleState* jstate) {
  const std::uint64_t query_id = query->queryId;
  if (query_id == 0 || query->utilityStmt != nullptr) return;  // a utility's constants are not recorded
  for (const Note& note : notes)
    if (note.query_id == query_id) return;
  int length = 0;
  // Built in the statement's memory, then kept at its length: a StringInfo
  // holds up to twice its text (1 kB at least), and a note stays in
  // TopMemoryContext until it is replaced.
  char* text =
      normalize_with_jumble(source_text, query->stmt_location, query->stmt_len, jstate, &length);
  if (text == nullptr) return;
  Note& note = notes[next_note];
  next_note = (next_note + 1) % kNotes;
  if (note.text != nullptr) pfree(note.text);
  auto* kept = static_cast<char*>(MemoryContextAlloc(TopMemoryContext, static_cast<Size>(length) + 1));
  memcpy(kept, text, static_cast<std::size_t>(length) + 1);
  pfree(text);
  note = Note{query_id, kept, length};
}

const char* find_parsed_text(std::uint64_t query_id, int* length) {
  if (query_id == 0) return nullptr;
  for (const Note& note : notes) {
    if (note.query_id != query_id) continue;
    *length = note.length;
    return note.text;
  }
  return nullptr;
}

void drop_parsed_text(std::uint64_t query_id) {
  if (query_id == 0) return;
  for (Note& note : notes) {
    if (note.query_id != query_id) continue;
    pfree(note.text);
    note = Note{0, nullptr, 0};
  }
}

bool has_parsed_text(std::uint64_t query_id, int max_length) {
  if (query_id == 0) return false;
  for (const Note& note : notes)
    if (note.query_id == query_id) return note.length <= max_length;
  return false;
}

}  // namespace insights::pg
