#include "core/stats/text_arena.h"

#include <algorithm>
#include <cstring>

namespace insights {

TextRef TextArena::append(const char* text, std::size_t length) noexcept {
  if (length >= UINT32_MAX || used + length + 1 > capacity) return {kNoText, 0};
  const std::size_t offset = used;
  std::memcpy(base + offset, text, length);
  base[offset + length] = '\0';
  used += length + 1;
  return {static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(length)};
}

std::size_t compact(TextArena& arena, TextRef** refs, std::size_t n) noexcept {
  std::sort(refs, refs + n, [](const TextRef* a, const TextRef* b) { return a->offset < b->offset; });
  std::size_t write = 0;
  for (std::size_t i = 0; i < n; ++i) {
    TextRef* r = refs[i];
    if (r->offset == kNoText) break;  // kNoText sorts last
    const std::size_t size = static_cast<std::size_t>(r->length) + 1;
    // Sorted by offset and write <= offset, so moving down never clobbers
    // a text not yet moved.
    if (r->offset != write) std::memmove(arena.base + write, arena.base + r->offset, size);
    r->offset = static_cast<std::uint32_t>(write);
    write += size;
  }
  arena.used = write;
  return write;
}

}  // namespace insights
