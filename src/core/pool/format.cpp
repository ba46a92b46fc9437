// Number and duration spelling for pool advice.
#include "core/pool/format.h"

#include <fmt/format.h>

#include <cmath>

namespace insights::pool {
namespace {

constexpr std::int64_t kSecondMs = 1000;
constexpr std::int64_t kMinuteMs = 60 * kSecondMs;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;

// Inserts ',' every three digits into a run of decimal digits.
std::string group_digits(const std::string& digits) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::string grouped(std::uint64_t n) { return group_digits(fmt::format("{}", n)); }

std::string whole_number(double x) {
  if (!std::isfinite(x)) return fmt::format("{}", x);
  const std::string digits = fmt::format("{:.0f}", std::fabs(x));
  return (x < 0 && digits != "0" ? "-" : "") + group_digits(digits);
}

std::string decimal1(double x) {
  if (!std::isfinite(x)) return fmt::format("{}", x);
  std::string text = fmt::format("{:.1f}", std::fabs(x));
  const std::size_t dot = text.find('.');
  text = group_digits(text.substr(0, dot)) + text.substr(dot);
  // fmt prints -0.0 for tiny negatives; a sign only when the digits show one.
  return (x < 0 && text != "0.0") ? "-" + text : text;
}

std::string percent(double share) { return decimal1(share * 100.0) + "%"; }

std::string human_duration(double ms) {
  if (ms < 1000.0) return fmt::format("{} ms", decimal1(ms));
  if (ms < 60.0 * 1000.0) return fmt::format("{} s", decimal1(ms / 1000.0));
  if (ms < 3600.0 * 1000.0) return fmt::format("{} min", decimal1(ms / 60000.0));
  return fmt::format("{} h", decimal1(ms / 3600000.0));
}

std::string human_bytes(double bytes) {
  constexpr double kKiB = 1024.0, kMiB = kKiB * 1024.0, kGiB = kMiB * 1024.0;
  if (bytes < kMiB) return fmt::format("{} kB", decimal1(bytes / kKiB));
  if (bytes < kGiB) return fmt::format("{} MB", decimal1(bytes / kMiB));
  return fmt::format("{} GB", decimal1(bytes / kGiB));
}

std::string pg_duration(std::int64_t ms) {
  if (ms == 0) return "0";
  if (ms % kDayMs == 0) return fmt::format("{}d", ms / kDayMs);
  if (ms % kHourMs == 0) return fmt::format("{}h", ms / kHourMs);
  if (ms % kMinuteMs == 0) return fmt::format("{}min", ms / kMinuteMs);
  if (ms % kSecondMs == 0) return fmt::format("{}s", ms / kSecondMs);
  return fmt::format("{}ms", ms);
}

std::string pg_memory(std::int64_t kb) {
  constexpr std::int64_t kMB = 1024, kGB = kMB * 1024, kTB = kGB * 1024;
  if (kb != 0 && kb % kTB == 0) return fmt::format("{}TB", kb / kTB);
  if (kb != 0 && kb % kGB == 0) return fmt::format("{}GB", kb / kGB);
  if (kb != 0 && kb % kMB == 0) return fmt::format("{}MB", kb / kMB);
  return fmt::format("{}kB", kb);
}

std::string go_duration(std::int64_t ms) {
  auto expression = [](std::int64_t count, const char* unit) {
    return count == 1 ? fmt::format("time.{}", unit) : fmt::format("{} * time.{}", count, unit);
  };
  if (ms == 0) return "0";
  if (ms % kHourMs == 0) return expression(ms / kHourMs, "Hour");
  if (ms % kMinuteMs == 0) return expression(ms / kMinuteMs, "Minute");
  if (ms % kSecondMs == 0) return expression(ms / kSecondMs, "Second");
  return expression(ms, "Millisecond");
}

std::string quote_identifier(std::string_view name) {
  std::string quoted = "\"";
  for (char ch : name) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

std::int64_t round_up_duration_ms(double ms) {
  constexpr std::int64_t kLongest = 1000 * kDayMs;  // beyond any sensible timeout
  if (!(ms > kSecondMs)) return kSecondMs;          // NaN too
  if (ms >= static_cast<double>(kLongest)) return kLongest;
  auto up_to = [ms](std::int64_t unit) {
    // The epsilon absorbs floating-point noise (5 × 0.4 s is 2000.0000000000002 ms).
    return static_cast<std::int64_t>(std::ceil(ms / static_cast<double>(unit) - 1e-9)) * unit;
  };
  if (ms <= static_cast<double>(kMinuteMs)) return up_to(kSecondMs);
  if (ms <= static_cast<double>(kHourMs)) return up_to(kMinuteMs);
  return up_to(kHourMs);
}

}  // namespace insights::pool
