#include "core/stats/literal_hash.h"

#include <array>

#include "core/fnv1a.h"

namespace insights {
namespace {

std::uint64_t hash_quoted(const char* p, std::uint64_t hash) noexcept {
  hash = fnv1a_byte(hash, *p++);  // the opening quote
  for (int n = 0; *p != '\0' && n < kMaxLiteralBytes; ++p, ++n) {
    hash = fnv1a_byte(hash, *p);
    if (*p == '\'') {
      if (p[1] != '\'') break;          // the closing quote
      hash = fnv1a_byte(hash, *++p);    // a doubled quote inside
    }
  }
  return hash;
}

// The bytes that continue a number or a word: ASCII letters and digits,
// '.', '_' and every byte of a multibyte character (as the server's lexer
// reads identifiers). A table, not std::isalnum: that is a library call per
// byte, and it follows the backend's LC_CTYPE, which varies by database.
constexpr std::array<bool, 256> kWordBytes = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' ||
           c >= 0x80;
  return t;
}();

bool continues_word(const char* p, int n) noexcept {
  return kWordBytes[static_cast<unsigned char>(*p)] ||
         ((*p == '-' || *p == '+') && n > 0 && (p[-1] == 'e' || p[-1] == 'E'));
}

}  // namespace

std::uint64_t hash_literal(const char* p, std::uint64_t hash) noexcept {
  if (*p == '-' || *p == '+') hash = fnv1a_byte(hash, *p++);
  if (*p == '\'') return hash_quoted(p, hash);
  int n = 0;
  for (; *p != '\0' && n < kMaxLiteralBytes && continues_word(p, n); ++p, ++n) hash = fnv1a_byte(hash, *p);
  while (*p == ' ' || *p == '\t' || *p == '\n') ++p;
  return *p == '\'' ? hash_quoted(p, hash) : hash;
}

}  // namespace insights
