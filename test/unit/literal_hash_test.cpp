// The literal-text hash of the capture path: which bytes belong to a constant.
#include <gtest/gtest.h>

#include <string>

#include "core/fnv1a.h"
#include "core/stats/literal_hash.h"

using namespace insights;

namespace {

std::uint64_t h(const char* constant) { return hash_literal(constant, kFnv1aOffsetBasis); }

}  // namespace

TEST(Fnv1a, KnownValues) {
  EXPECT_EQ(fnv1a(""), kFnv1aOffsetBasis);
  EXPECT_EQ(fnv1a("a"), 0xaf63dc4c8601ec8cULL);  // the published FNV-1a 64 test vector
  EXPECT_EQ(fnv1a("foobar"), 0x85944171f73967e8ULL);
}

TEST(LiteralHash, ANumberEndsWhereTheWordEnds) {
  EXPECT_EQ(h("42 AND b = 7"), fnv1a("42"));
  EXPECT_EQ(h("42)"), fnv1a("42"));
  EXPECT_EQ(h("-1.5e-3, 2"), fnv1a("-1.5e-3"));
  EXPECT_NE(h("42"), h("43"));
}

TEST(LiteralHash, AQuotedStringRunsToItsClosingQuote) {
  EXPECT_EQ(h("'it''s' AND x"), fnv1a("'it''s'"));
  EXPECT_EQ(h("'a' 'b'"), fnv1a("'a'"));
  EXPECT_NE(h("'pending'"), h("'shipped'"));
}

TEST(LiteralHash, PrefixesAndTypedLiteralsAreOneConstant) {
  EXPECT_EQ(h("E'\\n' x"), fnv1a("E'\\n'"));
  EXPECT_EQ(h("interval '1 day' + x"), fnv1a("interval'1 day'"));
  EXPECT_NE(h("DATE '2024-01-01'"), h("DATE '2024-01-02'"));
}

TEST(LiteralHash, StopsAtTheLimitAndAtTheEnd) {
  const std::string long_string = "'" + std::string(5000, 'x') + "'";
  const std::string other = "'" + std::string(5000, 'x') + "y'";
  EXPECT_EQ(h(long_string.c_str()), h(other.c_str()));  // only the first kMaxLiteralBytes count
  EXPECT_EQ(h("'unterminated"), fnv1a("'unterminated"));
  EXPECT_EQ(h(""), kFnv1aOffsetBasis);
}
