#include "pgquery.h"

#include <pg_query.h>

#include <cstdlib>
#include <cstring>

namespace insights::pgquery {
namespace {

void copy_error(const PgQueryError* src, ParseError* dst) noexcept {
  if (dst == nullptr) return;
  const char* msg = (src != nullptr && src->message != nullptr) ? src->message : "unknown parse error";
  std::strncpy(dst->message, msg, sizeof dst->message - 1);
  dst->message[sizeof dst->message - 1] = '\0';
  dst->cursor_position = src != nullptr ? src->cursorpos : 0;
}

}  // namespace

bool fingerprint(const char* sql, std::uint64_t* out, ParseError* error) noexcept {
  PgQueryFingerprintResult result = pg_query_fingerprint(sql);
  const bool ok = result.error == nullptr;
  if (ok) {
    *out = result.fingerprint;
  } else {
    copy_error(result.error, error);
  }
  pg_query_free_fingerprint_result(result);
  return ok;
}

char* normalize(const char* sql, ParseError* error) noexcept {
  PgQueryNormalizeResult result = pg_query_normalize(sql);
  char* text = nullptr;
  if (result.error == nullptr) {
    text = strdup(result.normalized_query != nullptr ? result.normalized_query : "");
    if (text == nullptr && error != nullptr) {
      std::strcpy(error->message, "out of memory");
      error->cursor_position = 0;
    }
  } else {
    copy_error(result.error, error);
  }
  pg_query_free_normalize_result(result);
  return text;
}

}  // namespace insights::pgquery
