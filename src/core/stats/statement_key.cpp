#include "core/stats/statement_key.h"

namespace insights {

FingerprintText format_fingerprint(std::uint64_t fingerprint) noexcept {
  static constexpr char kDigits[] = "0123456789abcdef";
  FingerprintText out{};
  for (int i = 15; i >= 0; --i) {
    out[i] = kDigits[fingerprint & 0xf];
    fingerprint >>= 4;
  }
  out[16] = '\0';
  return out;
}

std::optional<std::uint64_t> parse_fingerprint(std::string_view text) noexcept {
  if (text.size() != 16) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    int digit;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    else return std::nullopt;
    value = (value << 4) | static_cast<std::uint64_t>(digit);
  }
  return value;
}

}  // namespace insights
