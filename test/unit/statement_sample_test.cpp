#include "core/stats/statement_sample.h"

#include <gtest/gtest.h>

#include <string>

using namespace insights;

TEST(StatementSample, PlainStatementRoundTrips) {
  char buf[64];
  const std::size_t n = encode_sample(buf, sizeof buf, "", "SELECT 1", nullptr, 0);
  ASSERT_EQ(n, 8u);
  auto s = decode_sample(std::string_view(buf, n));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->statement, "SELECT 1");
  EXPECT_TRUE(s->params.empty());
}

TEST(StatementSample, ParametersRoundTripWithTypesAndNulls) {
  const SampleParamView params[] = {{23, "42"}, {25, nullptr}, {25, "it's: here"}, {25, ""}};
  char buf[128];
  const std::size_t n = encode_sample(buf, sizeof buf, "", "SELECT * FROM t WHERE a = $1 AND b = $2", params, 4);
  ASSERT_GT(n, 0u);
  auto s = decode_sample(std::string_view(buf, n));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->statement, "SELECT * FROM t WHERE a = $1 AND b = $2");
  ASSERT_EQ(s->params.size(), 4u);
  EXPECT_EQ(s->params[0].type_oid, 23u);
  EXPECT_EQ(s->params[0].value, std::optional<std::string>("42"));
  EXPECT_EQ(s->params[1].type_oid, 25u);
  EXPECT_FALSE(s->params[1].value);
  EXPECT_EQ(s->params[2].value, std::optional<std::string>("it's: here"));
  EXPECT_EQ(s->params[3].value, std::optional<std::string>(""));
}

TEST(StatementSample, TooSmallBufferGivesZero) {
  const SampleParamView params[] = {{23, "123456"}};
  char buf[16];
  EXPECT_EQ(encode_sample(buf, sizeof buf, "", "SELECT $1", params, 1), 0u);
  EXPECT_EQ(encode_sample(buf, 4, "", "SELECT 1", nullptr, 0), 0u);
}

TEST(StatementSample, RejectsMalformedEncodings) {
  using namespace std::string_literals;
  EXPECT_FALSE(decode_sample("SELECT $1\0"s));
  EXPECT_FALSE(decode_sample("SELECT $1\0" "23"s));
  EXPECT_FALSE(decode_sample("SELECT $1\0" "x:V1"s));
  EXPECT_FALSE(decode_sample("SELECT $1\0" "23:X1"s));
  EXPECT_FALSE(decode_sample("SELECT $1\0" "23:Nextra"s));
  EXPECT_TRUE(decode_sample("SELECT $1\0" "23:V"s));  // empty string value
}

TEST(StatementSample, SearchPathRoundTripsWithParameters) {
  const SampleParamView params[] = {{23, "7"}};
  char buf[128];
  const std::size_t n = encode_sample(buf, sizeof buf, "\"$user\", shop", "SELECT * FROM orders WHERE id = $1", params, 1);
  ASSERT_GT(n, 0u);
  auto s = decode_sample(std::string_view(buf, n));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->search_path, "\"$user\", shop");
  EXPECT_EQ(s->statement, "SELECT * FROM orders WHERE id = $1");
  ASSERT_EQ(s->params.size(), 1u);
  EXPECT_EQ(s->params[0].value, std::optional<std::string>("7"));
}

TEST(StatementSample, SampleWithoutSearchPathHasAnEmptyOne) {
  auto s = decode_sample("SELECT 1");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->search_path, "");
  EXPECT_EQ(s->statement, "SELECT 1");
}

TEST(StatementSample, RejectsAnUnterminatedSearchPathAndATaggedStatement) {
  using namespace std::string_literals;
  EXPECT_FALSE(decode_sample("\x01public"s));
  char buf[64];
  EXPECT_EQ(encode_sample(buf, sizeof buf, "", "\x01SELECT 1", nullptr, 0), 0u);
  EXPECT_EQ(encode_sample(buf, sizeof buf, "a\0b"s, "SELECT 1", nullptr, 0), 0u);
}
