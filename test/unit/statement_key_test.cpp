#include "core/stats/statement_key.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

using namespace insights;

TEST(StatementKey, FormatsSixteenLowercaseHexDigits) {
  EXPECT_STREQ(format_fingerprint(0).data(), "0000000000000000");
  EXPECT_STREQ(format_fingerprint(0xa0b1c2d3e4f50617ULL).data(), "a0b1c2d3e4f50617");
  EXPECT_STREQ(format_fingerprint(UINT64_MAX).data(), "ffffffffffffffff");
}

TEST(StatementKey, ParseRoundTripsAndRejectsJunk) {
  EXPECT_EQ(parse_fingerprint("a0b1c2d3e4f50617"), 0xa0b1c2d3e4f50617ULL);
  EXPECT_EQ(parse_fingerprint("A0B1C2D3E4F50617"), 0xa0b1c2d3e4f50617ULL);
  EXPECT_EQ(parse_fingerprint(format_fingerprint(123456789).data()), 123456789u);
  EXPECT_FALSE(parse_fingerprint(""));
  EXPECT_FALSE(parse_fingerprint("a0b1c2d3e4f5061"));    // 15 digits
  EXPECT_FALSE(parse_fingerprint("a0b1c2d3e4f506170"));  // 17 digits
  EXPECT_FALSE(parse_fingerprint("a0b1c2d3e4f5061g"));
  EXPECT_FALSE(parse_fingerprint(" 0b1c2d3e4f50617"));
}

TEST(StatementKey, EqualKeysAreEqualBytes) {
  // The store hashes keys as raw bytes: equal fields must mean equal bytes.
  StatementKey a = StatementKey::make(42, FingerprintSource::kLibpgQuery, 10, 5, true);
  StatementKey b = StatementKey::make(42, FingerprintSource::kLibpgQuery, 10, 5, true);
  EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0);
  StatementKey c = StatementKey::make(42, FingerprintSource::kQueryId, 10, 5, true);
  EXPECT_NE(std::memcmp(&a, &c, sizeof a), 0);
  StatementKey d = StatementKey::make(42, FingerprintSource::kLibpgQuery, 10, 5, false);
  EXPECT_NE(std::memcmp(&a, &d, sizeof a), 0);
}

TEST(StatementKey, HashTellsApartEveryField) {
  const StatementKey base = StatementKey::make(0x1234567890abcdefULL, FingerprintSource::kLibpgQuery, 10, 5, true);
  const std::uint32_t h = statement_key_hash(base);
  EXPECT_EQ(h, statement_key_hash(StatementKey::make(0x1234567890abcdefULL, FingerprintSource::kLibpgQuery, 10, 5, true)));
  EXPECT_NE(h, statement_key_hash(StatementKey::make(0x1234567890abcdeeULL, FingerprintSource::kLibpgQuery, 10, 5, true)));
  EXPECT_NE(h, statement_key_hash(StatementKey::make(0x1234567890abcdefULL, FingerprintSource::kQueryId, 10, 5, true)));
  EXPECT_NE(h, statement_key_hash(StatementKey::make(0x1234567890abcdefULL, FingerprintSource::kPendingQueryId, 10, 5, true)));
  EXPECT_NE(h, statement_key_hash(StatementKey::make(0x1234567890abcdefULL, FingerprintSource::kLibpgQuery, 11, 5, true)));
  EXPECT_NE(h, statement_key_hash(StatementKey::make(0x1234567890abcdefULL, FingerprintSource::kLibpgQuery, 10, 6, true)));
  EXPECT_NE(h, statement_key_hash(StatementKey::make(0x1234567890abcdefULL, FingerprintSource::kLibpgQuery, 10, 5, false)));
  // Swapping userid and dbid is another key, with another hash.
  EXPECT_NE(h, statement_key_hash(StatementKey::make(0x1234567890abcdefULL, FingerprintSource::kLibpgQuery, 5, 10, true)));
}

TEST(StatementKey, HashSpreadsOverBuckets) {
  // dynahash picks a bucket from the hash's low bits: keys that differ only
  // in their user (one statement run by many roles) or in the fingerprint's
  // high bits must still spread over them.
  constexpr int kBuckets = 256, kKeys = 256 * 64;
  int by_user[kBuckets] = {}, by_high_bits[kBuckets] = {};
  for (int i = 0; i < kKeys; ++i) {
    ++by_user[statement_key_hash(StatementKey::make(42, FingerprintSource::kLibpgQuery, 16384 + i, 5, true)) % kBuckets];
    ++by_high_bits[statement_key_hash(StatementKey::make(static_cast<std::uint64_t>(i) << 40, FingerprintSource::kLibpgQuery, 10, 5, true)) % kBuckets];
  }
  for (int b = 0; b < kBuckets; ++b) {
    EXPECT_GT(by_user[b], 16) << "bucket " << b;
    EXPECT_LT(by_user[b], 128) << "bucket " << b;
    EXPECT_GT(by_high_bits[b], 16) << "bucket " << b;
    EXPECT_LT(by_high_bits[b], 128) << "bucket " << b;
  }
}
