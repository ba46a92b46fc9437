// Bounded storage for normalized query texts: a bump allocator over one
// fixed region (in shared memory), compacted in place when it fills.
//
// The region is owned by the caller; these are plain functions over it so
// they can run under the store's exclusive lock without allocating.
#pragma once

#include <cstddef>
#include <cstdint>

namespace insights {

inline constexpr std::uint32_t kNoText = UINT32_MAX;

struct TextRef {
  std::uint32_t offset;  // kNoText when the entry has no stored text
  std::uint32_t length;  // bytes, without the terminating NUL
};

struct TextArena {
  char* base;
  std::size_t capacity;
  std::size_t used;

  // Copies text (plus a NUL) to the end of the arena. Returns a ref with
  // offset kNoText when it does not fit.
  TextRef append(const char* text, std::size_t length) noexcept;

  const char* at(TextRef ref) const noexcept { return ref.offset == kNoText ? nullptr : base + ref.offset; }
};

// Moves the live texts to the front of the arena, in offset order, and
// rewrites the refs to match. refs[] is reordered (sorted by old offset).
// Refs with offset kNoText are left alone. Returns the new `used`.
std::size_t compact(TextArena& arena, TextRef** refs, std::size_t n) noexcept;

}  // namespace insights
