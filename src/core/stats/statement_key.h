// The identity of a tracked statement: (fingerprint, userid, dbid, toplevel).
//
// The fingerprint is libpg_query's 64-bit fingerprint, the same for the same
// statement on every server and version. A statement libpg_query cannot
// parse (syntax newer than its parser) is keyed by the server's query id
// instead; `source` keeps the two id spaces apart.
//
// A statement first seen is counted under the server's query id at once
// (kPendingQueryId) and fingerprinted later, off the executor's path; its
// entry is then folded into its fingerprint's (docs/ARCHITECTURE.md, "Data
// flow"). A pending key is never shown, reset or saved.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <type_traits>

namespace insights {

enum class FingerprintSource : std::uint8_t {
  kLibpgQuery = 0,  // libpg_query fingerprint of the statement text
  kQueryId = 1,     // libpg_query could not parse it: the server's query id
  kPendingQueryId = 2,  // not fingerprinted yet: the server's query id, for now
};

struct StatementKey {
  std::uint64_t fingerprint;
  std::uint32_t userid;
  std::uint32_t dbid;
  bool toplevel;
  FingerprintSource source;
  std::uint8_t padding[6];  // explicit, zeroed: the key is hashed as bytes

  static StatementKey make(std::uint64_t fingerprint, FingerprintSource source,
                           std::uint32_t userid, std::uint32_t dbid, bool toplevel) noexcept {
    StatementKey k;
    std::memset(&k, 0, sizeof k);
    k.fingerprint = fingerprint;
    k.source = source;
    k.userid = userid;
    k.dbid = dbid;
    k.toplevel = toplevel;
    return k;
  }
};

static_assert(std::is_trivially_copyable_v<StatementKey>);

// The store's hash of a key. The fingerprint (or query id) is already a
// 64-bit hash: hashing the key's 24 bytes again, as dynahash's byte hash
// does, cost about 70 instructions per statement. The other fields are
// mixed in by multiplying with odd constants, then MurmurHash3's 64-bit
// finalizer makes every input bit reach the low 32 bits the table uses.
inline std::uint32_t statement_key_hash(const StatementKey& k) noexcept {
  const std::uint64_t ids = (static_cast<std::uint64_t>(k.userid) << 32) | k.dbid;
  const std::uint64_t flags = static_cast<std::uint64_t>(k.toplevel) | (static_cast<std::uint64_t>(k.source) << 1);
  std::uint64_t h = k.fingerprint ^ (ids * 0x9E3779B97F4A7C15ULL) ^ ((flags + 1) * 0xC2B2AE3D27D4EB4FULL);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return static_cast<std::uint32_t>(h);
}
static_assert(sizeof(StatementKey) == 24, "no implicit padding in a hashed key");

// 16 lowercase hex digits and a terminating NUL.
using FingerprintText = std::array<char, 17>;
FingerprintText format_fingerprint(std::uint64_t fingerprint) noexcept;

// Accepts exactly 16 hex digits (either case); nothing else.
std::optional<std::uint64_t> parse_fingerprint(std::string_view text) noexcept;

}  // namespace insights
