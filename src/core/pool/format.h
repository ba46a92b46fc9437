// How pool advice spells numbers: in rationales for people, and in values
// for each target's own configuration syntax.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace insights::pool {

// --- for people (rationales) ---

// 3600 → "3,600".
std::string grouped(std::uint64_t n);
// Rounded to a whole number, with thousands separators: 25.0 → "25".
std::string whole_number(double x);
// One decimal with thousands separators: 6 → "6.0", 1234.56 → "1,234.6".
std::string decimal1(double x);
// A share as a percentage with one decimal: 0.4567 → "45.7%".
std::string percent(double share);
// A duration picked in a readable unit: "850 ms", "12.5 s", "3.2 min", "1.5 h".
std::string human_duration(double ms);
// A byte count in a readable binary unit: "512 kB", "20.0 MB", "1.5 GB".
std::string human_bytes(double bytes);

// --- for configuration values ---

// PostgreSQL's duration syntax in the largest unit that divides exactly, as
// SHOW prints it: 0 → "0", 250 → "250ms", 30000 → "30s", 300000 → "5min",
// 7200000 → "2h", 86400000 → "1d".
std::string pg_duration(std::int64_t ms);
// PostgreSQL's memory syntax from kilobytes, largest exact unit:
// 64 → "64kB", 4096 → "4MB", 1048576 → "1GB".
std::string pg_memory(std::int64_t kb);
// A Go time.Duration expression in the largest exact unit:
// 1800000 → "30 * time.Minute", 60000 → "time.Minute", 1500 → "1500 * time.Millisecond".
std::string go_duration(std::int64_t ms);
// A role name as a double-quoted SQL identifier (embedded quotes doubled).
// Always quoted: correct for every name, keywords and mixed case included.
std::string quote_identifier(std::string_view name);

// Rounds a duration up to a value a person would write: whole seconds below
// a minute, whole minutes below an hour, whole hours above. At least 1 s.
std::int64_t round_up_duration_ms(double ms);

}  // namespace insights::pool
