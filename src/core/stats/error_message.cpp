#include "core/stats/error_message.h"

#include <cstdio>
#include <cstring>

namespace insights {
namespace {

// The bytes of a printf conversion after its '%': flags, width, precision,
// length modifiers, then the conversion character. Returns how many bytes
// the conversion takes (0 when the text ends first).
std::size_t conversion_length(const char* p) noexcept {
  std::size_t n = 0;
  while (p[n] != '\0' && std::strchr("-+ #0'", p[n]) != nullptr) ++n;  // flags
  if (p[n] == '*') {
    ++n;
  } else {
    while (p[n] >= '0' && p[n] <= '9') ++n;  // width (or a positional n$)
  }
  if (p[n] == '$') {  // positional argument: %2$s
    ++n;
    while (p[n] != '\0' && std::strchr("-+ #0'", p[n]) != nullptr) ++n;
    while (p[n] >= '0' && p[n] <= '9') ++n;
  }
  if (p[n] == '.') {
    ++n;
    if (p[n] == '*') {
      ++n;
    } else {
      while (p[n] >= '0' && p[n] <= '9') ++n;
    }
  }
  while (p[n] != '\0' && std::strchr("hlLqjzt", p[n]) != nullptr) ++n;  // length modifiers
  return p[n] == '\0' ? 0 : n + 1;
}

// The largest length ≤ length that does not cut a UTF-8 sequence.
std::size_t utf8_boundary(const char* text, std::size_t length) noexcept {
  while (length > 0 && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) --length;
  return length;
}

}  // namespace

std::size_t mask_error_template(const char* format, char* out, std::size_t capacity) noexcept {
  if (capacity == 0) return 0;
  std::size_t used = 0;
  int conversions = 0;
  // Appends bytes, or as many whole characters of them as fit.
  auto append = [&](const char* bytes, std::size_t length) {
    if (used + length > capacity - 1) length = utf8_boundary(bytes, capacity - 1 - used);
    std::memcpy(out + used, bytes, length);
    used += length;
  };
  for (const char* p = format; p != nullptr && *p != '\0' && used < capacity - 1;) {
    if (*p != '%') {
      const char* next = std::strchr(p, '%');
      const std::size_t length = next != nullptr ? static_cast<std::size_t>(next - p) : std::strlen(p);
      append(p, length);
      p += length;
      continue;
    }
    if (p[1] == '%') {
      append("%", 1);
      p += 2;
      continue;
    }
    const std::size_t length = conversion_length(p + 1);
    if (length == 0) break;  // a trailing, incomplete conversion: nothing of it is kept
    char placeholder[16];
    const int written = std::snprintf(placeholder, sizeof placeholder, "$%d", ++conversions);
    if (used + static_cast<std::size_t>(written) > capacity - 1) break;  // never half a placeholder
    append(placeholder, static_cast<std::size_t>(written));
    p += 1 + length;
  }
  out[used] = '\0';
  return used;
}

}  // namespace insights
