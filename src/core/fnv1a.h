// FNV-1a, the project's one non-cryptographic hash where a value must be
// the same on every build and platform (std::hash is not): index names,
// the literal-text hash of the capture path.
#pragma once

#include <cstdint>
#include <string_view>

namespace insights {

inline constexpr std::uint64_t kFnv1aOffsetBasis = 14695981039346656037ULL;

constexpr std::uint64_t fnv1a_byte(std::uint64_t hash, char c) noexcept {
  return (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
}

constexpr std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = kFnv1aOffsetBasis) noexcept {
  for (char c : text) hash = fnv1a_byte(hash, c);
  return hash;
}

}  // namespace insights
