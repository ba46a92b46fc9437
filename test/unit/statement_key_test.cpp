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
