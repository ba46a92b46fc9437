// How pool advice spells numbers, for people and for each target's syntax.
#include <gtest/gtest.h>

#include <cmath>

#include "core/pool/format.h"

using namespace insights::pool;

TEST(PoolFormat, GroupedThousands) {
  EXPECT_EQ(grouped(0), "0");
  EXPECT_EQ(grouped(999), "999");
  EXPECT_EQ(grouped(1000), "1,000");
  EXPECT_EQ(grouped(3600), "3,600");
  EXPECT_EQ(grouped(1234567), "1,234,567");
}

TEST(PoolFormat, WholeNumbers) {
  EXPECT_EQ(whole_number(25.0), "25");
  EXPECT_EQ(whole_number(1234.4), "1,234");
  EXPECT_EQ(whole_number(-0.2), "0");
}

TEST(PoolFormat, OneDecimal) {
  EXPECT_EQ(decimal1(6.0), "6.0");
  EXPECT_EQ(decimal1(0.04), "0.0");
  EXPECT_EQ(decimal1(-0.04), "0.0");
  EXPECT_EQ(decimal1(-2.25), "-2.2");  // round half to even, as printf does
  EXPECT_EQ(decimal1(1234.56), "1,234.6");
  EXPECT_EQ(percent(0.4567), "45.7%");
  EXPECT_EQ(percent(1.0), "100.0%");
}

TEST(PoolFormat, HumanUnits) {
  EXPECT_EQ(human_duration(850.0), "850.0 ms");
  EXPECT_EQ(human_duration(12500.0), "12.5 s");
  EXPECT_EQ(human_duration(192000.0), "3.2 min");
  EXPECT_EQ(human_duration(5400000.0), "1.5 h");
  EXPECT_EQ(human_bytes(512.0 * 1024), "512.0 kB");
  EXPECT_EQ(human_bytes(20.0 * 1024 * 1024), "20.0 MB");
  EXPECT_EQ(human_bytes(1.5 * 1024 * 1024 * 1024), "1.5 GB");
}

TEST(PoolFormat, PostgresDurationsInTheLargestExactUnit) {
  EXPECT_EQ(pg_duration(0), "0");
  EXPECT_EQ(pg_duration(250), "250ms");
  EXPECT_EQ(pg_duration(1500), "1500ms");
  EXPECT_EQ(pg_duration(30000), "30s");
  EXPECT_EQ(pg_duration(90000), "90s");
  EXPECT_EQ(pg_duration(300000), "5min");
  EXPECT_EQ(pg_duration(7200000), "2h");
  EXPECT_EQ(pg_duration(86400000), "1d");
}

TEST(PoolFormat, PostgresMemoryInTheLargestExactUnit) {
  EXPECT_EQ(pg_memory(64), "64kB");
  EXPECT_EQ(pg_memory(1536), "1536kB");
  EXPECT_EQ(pg_memory(4096), "4MB");
  EXPECT_EQ(pg_memory(135168), "132MB");
  EXPECT_EQ(pg_memory(1048576), "1GB");
  EXPECT_EQ(pg_memory(0), "0kB");
}

TEST(PoolFormat, GoDurationExpressions) {
  EXPECT_EQ(go_duration(1800000), "30 * time.Minute");
  EXPECT_EQ(go_duration(60000), "time.Minute");
  EXPECT_EQ(go_duration(3600000), "time.Hour");
  EXPECT_EQ(go_duration(90000), "90 * time.Second");
  EXPECT_EQ(go_duration(1500), "1500 * time.Millisecond");
  EXPECT_EQ(go_duration(0), "0");
}

TEST(PoolFormat, IdentifiersAreAlwaysQuoted) {
  EXPECT_EQ(quote_identifier("app"), "\"app\"");
  EXPECT_EQ(quote_identifier("user"), "\"user\"");  // a keyword
  EXPECT_EQ(quote_identifier("Report Job"), "\"Report Job\"");
  EXPECT_EQ(quote_identifier("we\"ird"), "\"we\"\"ird\"");
}

TEST(PoolFormat, DurationsRoundUpToWhatAPersonWouldWrite) {
  EXPECT_EQ(round_up_duration_ms(0.0), 1000);
  EXPECT_EQ(round_up_duration_ms(NAN), 1000);
  EXPECT_EQ(round_up_duration_ms(999.0), 1000);
  EXPECT_EQ(round_up_duration_ms(1000.5), 2000);
  EXPECT_EQ(round_up_duration_ms(5 * 400.00000000000006), 2000);  // floating-point noise is not a second
  EXPECT_EQ(round_up_duration_ms(60000.0), 60000);
  EXPECT_EQ(round_up_duration_ms(60001.0), 120000);  // whole minutes above a minute
  EXPECT_EQ(round_up_duration_ms(3600000.0), 3600000);
  EXPECT_EQ(round_up_duration_ms(3600001.0), 7200000);  // whole hours above an hour
  EXPECT_EQ(round_up_duration_ms(1e300), 1000LL * 86400000);
}
