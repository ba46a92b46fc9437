// Masking the constants of a statement text that libpg_query cannot
// normalize (a syntax it does not know, standard_conforming_strings = off,
// a text nested too deeply), so that no raw constant — a password in
// ALTER ROLE, a customer's e-mail — is ever stored.
//
// PostgreSQL-style code: palloc'd C data, called from the capture hooks.
#pragma once

#include "pg/compat.h"

namespace insights::pg {

// The text with every constant the server's own lexer finds (strings, bit
// strings, numbers) replaced by $1, $2, … in order; palloc'd. nullptr when
// the text does not lex (an unterminated literal): then nothing of it may
// be stored. Never raises an error.
char* mask_constants(const char* text);

// Whether a token of the server's core lexer (core_yylex) is a constant:
// any (strings, bit strings, numbers), or a string or bit string only.
bool is_constant_token(int token);
bool is_string_constant_token(int token);

// In a PG_CATCH block around the server's lexer: a lexing error (class 42
// or 22) is the text's and holds no resources, so it is dropped and
// `caller` made current again; anything else (out of memory) is re-thrown.
void drop_lexing_error(MemoryContext caller);

}  // namespace insights::pg
