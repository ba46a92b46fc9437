#include "core/stats/variable_references.h"

#include <charconv>
#include <cstring>

namespace insights {
namespace {

// PostgreSQL's lexer: identifiers start with a letter, '_' or a non-ASCII
// byte, and go on with those, digits and '$'.
bool identifier_start(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool identifier_char(unsigned char c) noexcept { return identifier_start(c) || (c >= '0' && c <= '9') || c == '$'; }
bool space(unsigned char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Length of one identifier at text[i] (plain, or double-quoted with ""
// for a quote), 0 if none.
std::size_t identifier_length(std::string_view text, std::size_t i) noexcept {
  if (i >= text.size()) return 0;
  const auto c = static_cast<unsigned char>(text[i]);
  if (c == '"') {
    for (std::size_t j = i + 1; j < text.size(); ++j) {
      if (text[j] != '"') continue;
      if (j + 1 < text.size() && text[j + 1] == '"') {
        ++j;
        continue;
      }
      return j + 1 - i;
    }
    return 0;  // unterminated
  }
  if (!identifier_start(c)) return 0;
  std::size_t j = i + 1;
  while (j < text.size() && identifier_char(static_cast<unsigned char>(text[j]))) ++j;
  return j - i;
}

}  // namespace

std::size_t variable_reference_length(std::string_view text, std::size_t offset) noexcept {
  if (offset >= text.size()) return 0;
  if (text[offset] == '$') {
    std::size_t j = offset + 1;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    return j > offset + 1 ? j - offset : 0;
  }
  std::size_t end = offset + identifier_length(text, offset);
  if (end == offset) return 0;
  // `.name` or `.*` parts, with optional white space around the dots.
  for (;;) {
    std::size_t j = end;
    while (j < text.size() && space(static_cast<unsigned char>(text[j]))) ++j;
    if (j >= text.size() || text[j] != '.') break;
    ++j;
    while (j < text.size() && space(static_cast<unsigned char>(text[j]))) ++j;
    if (j < text.size() && text[j] == '*') return j + 1 - offset;
    const std::size_t part = identifier_length(text, j);
    if (part == 0) break;
    end = j + part;
  }
  return end - offset;
}

std::size_t substitute_variable_references(std::string_view text, const VariableReference* refs, int count,
                                           char* out, std::size_t capacity, std::uint32_t* ids,
                                           int* id_count) noexcept {
  *id_count = 0;
  std::size_t used = 0;
  std::size_t copied = 0;  // text before this offset is written
  auto put = [&](const char* data, std::size_t n) {
    if (capacity - used < n) return false;
    std::memcpy(out + used, data, n);
    used += n;
    return true;
  };
  for (int r = 0; r < count; ++r) {
    const VariableReference& ref = refs[r];
    if (ref.offset < copied || ref.length == 0 || ref.offset > text.size() || text.size() - ref.offset < ref.length)
      return 0;
    int k = 0;
    while (k < *id_count && ids[k] != ref.param_id) ++k;
    if (k == *id_count) ids[(*id_count)++] = ref.param_id;
    char number[16] = {'$'};
    const auto [end, ec] = std::to_chars(number + 1, number + sizeof number, k + 1);
    if (ec != std::errc()) return 0;
    if (!put(text.data() + copied, ref.offset - copied) || !put(number, static_cast<std::size_t>(end - number)))
      return 0;
    copied = ref.offset + ref.length;
  }
  if (!put(text.data() + copied, text.size() - copied)) return 0;
  return used;
}

}  // namespace insights
