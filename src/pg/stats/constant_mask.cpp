// The server's lexer, as pg_stat_statements uses it to find constants: it
// reads the text with the session's standard_conforming_strings and
// backslash_quote, exactly as the statement was read when it ran, so a
// constant libpg_query (which always assumes the standard) misreads is
// still found whole.
#include "pg/stats/constant_mask.h"

extern "C" {
#include "common/keywords.h"
#include "lib/stringinfo.h"
#include "nodes/parsenodes.h"
#include "parser/scanner.h"
#include "utils/memutils.h"
}

#include <cstring>

namespace insights::pg {
namespace {

// The lexer's token numbers for constants (SCONST, USCONST, BCONST, XCONST,
// ICONST, FCONST) are the server's generated parser/gram.h, which PostgreSQL
// 16 and later no longer install: learn them once from the lexer itself, by
// lexing one constant of each kind (the numbers are fixed for the server's
// build, so once per process is enough).
constexpr int kConstantKinds = 6;
int constant_tokens[kConstantKinds];
bool constant_tokens_known = false;

int first_token(const char* sample) {
  core_yy_extra_type extra;
  core_yyscan_t scanner = scanner_init(sample, &extra, &ScanKeywords, ScanKeywordTokens);
  extra.standard_conforming_strings = true;  // U&'...' lexes only then
  core_YYSTYPE value;
  YYLTYPE location;
  const int token = core_yylex(&value, &location, scanner);
  scanner_finish(scanner);
  return token;
}

// Kinds 0..kStringKinds-1 are strings (the samples' order).
constexpr int kStringKinds = 4;

void learn_constant_tokens() {
  if (!constant_tokens_known) {
    static const char* const samples[kConstantKinds] = {"'s'", "U&'u'", "B'1'", "X'1F'", "1", "1.5"};
    for (int k = 0; k < kConstantKinds; ++k) constant_tokens[k] = first_token(samples[k]);
    constant_tokens_known = true;
  }
}

// Writes the masked text into out; ERROR when the text does not lex.
void mask_into(const char* text, StringInfo out) {
  core_yy_extra_type extra;
  core_yyscan_t scanner = scanner_init(text, &extra, &ScanKeywords, ScanKeywordTokens);
  int copied = 0;
  int constants = 0;
  for (;;) {
    core_YYSTYPE value;
    YYLTYPE location;
    const int token = core_yylex(&value, &location, scanner);
    if (token == 0) break;
    if (!is_constant_token(token)) continue;
    // The lexer leaves a NUL after the current token in its buffer.
    const int length = static_cast<int>(strlen(extra.scanbuf + location));
    appendBinaryStringInfo(out, text + copied, location - copied);
    appendStringInfo(out, "$%d", ++constants);
    copied = location + length;
  }
  appendStringInfoString(out, text + copied);
  scanner_finish(scanner);
}

}  // namespace

bool is_constant_token(int token) {
  learn_constant_tokens();
  for (int k = 0; k < kConstantKinds; ++k)
    if (token == constant_tokens[k]) return true;
  return false;
}

bool is_string_constant_token(int token) {
  learn_constant_tokens();
  for (int k = 0; k < kStringKinds; ++k)
    if (token == constant_tokens[k]) return true;
  return false;
}

char* mask_constants(const char* text) {
  MemoryContext caller = CurrentMemoryContext;
  StringInfoData out;
  initStringInfo(&out);
  volatile bool lexed = false;
  PG_TRY();
  {
    mask_into(text, &out);
    lexed = true;
  }
  PG_CATCH();
  {
    drop_lexing_error(caller);
  }
  PG_END_TRY();
  if (lexed) return out.data;
  pfree(out.data);
  return nullptr;
}

void drop_lexing_error(MemoryContext caller) {
  const int category = ERRCODE_TO_CATEGORY(geterrcode());
  if (category != ERRCODE_SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION && category != ERRCODE_DATA_EXCEPTION) PG_RE_THROW();
  MemoryContextSwitchTo(caller);
  FlushErrorState();
}

}  // namespace insights::pg
