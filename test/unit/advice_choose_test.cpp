// The size estimate, and the bars a move of the selection must clear.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/advice/choose.h"
#include "core/advice/index_candidate.h"
#include "core/advice/index_size.h"

using namespace insights::advice;

namespace {

TableInfo table(double rows) {
  TableInfo t;
  t.table_oid = 100;
  t.rows = rows;
  t.columns = {{"id", 8, -1}, {"code", 24, -1}, {"name", 100, -1}, {"flag", 1, 2}};
  return t;
}

IndexCandidate on(std::vector<std::string> columns, std::vector<int> statements = {1}, std::uint32_t oid = 100) {
  IndexCandidate c;
  c.table_oid = oid;
  c.table = "t";
  for (std::string& column : columns) c.keys.push_back(IndexKey{KeyTerm::of_column(std::move(column))});
  c.statements = std::move(statements);
  return c;
}


}  // namespace

TEST(AdviceSize, MillionBigintKeys) {
  // Per entry MAXALIGN(8 + 8) + 4 = 20 bytes; 8152 * 0.9 usable bytes a page.
  EXPECT_NEAR(estimate_index_bytes(on({"id"}), table(1e6)), 20e6 / (8152 * 0.9) * 8192, 1.0);
  // A 24-byte key: MAXALIGN(8 + 24) + 4 = 36; one more byte: MAXALIGN(8 + 25) + 4 = 44.
  EXPECT_NEAR(estimate_index_bytes(on({"code"}), table(1e6)), 36e6 / (8152 * 0.9) * 8192, 1.0);
  EXPECT_NEAR(estimate_index_bytes(on({"code", "flag"}), table(1e6)), 44e6 / (8152 * 0.9) * 8192, 1.0);
}

TEST(AdviceSize, GrowsWithWidthAndRows) {
  const TableInfo t = table(1e6);
  const double id = estimate_index_bytes(on({"id"}), t);
  const double code = estimate_index_bytes(on({"code"}), t);
  const double name = estimate_index_bytes(on({"name"}), t);
  const double id_name = estimate_index_bytes(on({"id", "name"}), t);
  EXPECT_LT(id, code);
  EXPECT_LT(code, name);
  EXPECT_LT(name, id_name);
  IndexCandidate covering = on({"id"});
  covering.include = {"code"};
  EXPECT_DOUBLE_EQ(estimate_index_bytes(covering, t), estimate_index_bytes(on({"id", "code"}), t));

  EXPECT_LT(estimate_index_bytes(on({"id"}), table(1e5)), id);
  EXPECT_DOUBLE_EQ(estimate_index_bytes(on({"id"}), table(2e6)), 2 * id);
}

TEST(AdviceSize, PartialIndexScalesWithItsSelectivity) {
  const TableInfo t = table(1e7);
  IndexCandidate partial = on({"id"});
  partial.predicate_sql = "flag";
  partial.predicate_selectivity = 0.05;
  EXPECT_NEAR(estimate_index_bytes(partial, t) / estimate_index_bytes(on({"id"}), t), 0.05, 1e-12);
}

TEST(AdviceSize, AtLeastOnePage) {
  EXPECT_DOUBLE_EQ(estimate_index_bytes(on({"id"}), table(10)), 8192.0);
  EXPECT_DOUBLE_EQ(estimate_index_bytes(on({"id"}), table(0)), 8192.0);
}

TEST(AdviceSize, UnknownWidthCountsThirtyTwoBytes) {
  const TableInfo t = table(1e6);
  const double expected = 44e6 / (8152 * 0.9) * 8192;  // MAXALIGN(8 + 32) + 4
  EXPECT_NEAR(estimate_index_bytes(on({"not_in_stats"}), t), expected, 1.0);
  IndexCandidate expression;
  expression.keys = {IndexKey{KeyTerm::of_expression("lower(code)")}};
  EXPECT_NEAR(estimate_index_bytes(expression, t), expected, 1.0);
}

MoveGain measured(double pct, double ms_per_hour, double bytes = 8192, double write_ms = 0) {
  MoveGain g;
  g.best_statement_pct = pct;
  g.cost_saved = 100;
  g.ms_per_hour = ms_per_hour;
  g.added_bytes = bytes;
  g.write_ms_per_hour = write_ms;
  return g;
}

TEST(AdviceChoose, MinImprovementAppliesToTheBestStatement) {
  EXPECT_EQ(refusal(measured(20, 1e6), Bars{}), nullptr);  // exactly 20%
  EXPECT_NE(refusal(measured(19.9, 1e6), Bars{}), nullptr);
  Bars strict;
  strict.min_improvement_pct = 90;
  EXPECT_NE(refusal(measured(81, 1e6), strict), nullptr);
}

TEST(AdviceChoose, NoGainIsNeverChosenEvenAtZeroThreshold) {
  Bars zero;
  zero.min_improvement_pct = 0;
  MoveGain none = measured(0, 1e6);
  none.cost_saved = 0;
  EXPECT_NE(refusal(none, zero), nullptr);
  MoveGain worse = measured(-5, -1);
  worse.cost_saved = -10;
  EXPECT_NE(refusal(worse, zero), nullptr);
  EXPECT_EQ(refusal(measured(1, 1e6), zero), nullptr);
}

TEST(AdviceChoose, TheNetSavingMustPayForSizeAndWrites) {
  // 1 GiB costs 100 s per hour; 1 s per hour must be left.
  const double gib = 1024.0 * 1024 * 1024;
  EXPECT_DOUBLE_EQ(size_ms_per_hour(gib), 102400);
  EXPECT_NE(refusal(measured(90, 102400 + 999, gib), Bars{}), nullptr);
  EXPECT_EQ(refusal(measured(90, 102400 + 1001, gib), Bars{}), nullptr);
  // 100,000 rows written per hour: 1 s per hour for each index.
  EXPECT_DOUBLE_EQ(index_write_ms_per_hour(1e5, 1.0), 1000);
  EXPECT_DOUBLE_EQ(index_write_ms_per_hour(1e5, 0.1), 100);  // partial: a tenth of the rows
  EXPECT_NE(refusal(measured(90, 5000, 0, 4500), Bars{}), nullptr);
  EXPECT_EQ(refusal(measured(90, 5000, 0, 3900), Bars{}), nullptr);
}

TEST(AdviceChoose, UnknownTimesLeaveOnlyTheRelativeBar) {
  EXPECT_EQ(refusal(measured(25, -1, 1e12, 1e12), Bars{}), nullptr);
  EXPECT_NE(refusal(measured(15, -1), Bars{}), nullptr);
}

TEST(AdviceChoose, FastStatementsAndUniqueTwinsNeedALargeSaving) {
  MoveGain fast = measured(60, kLargeSavingMsPerHour - 1);
  fast.only_fast_statements = true;
  EXPECT_STREQ(refusal(fast, Bars{}), "its statements are already fast and the saving is small");
  fast.ms_per_hour = kLargeSavingMsPerHour;
  EXPECT_EQ(refusal(fast, Bars{}), nullptr);
  MoveGain twin = measured(60, kLargeSavingMsPerHour - 1);
  twin.repeats_unique_key = true;
  EXPECT_STREQ(refusal(twin, Bars{}), "repeats a unique index's key and the saving is small");
  // Without times: the twin bar (50%) instead.
  twin.ms_per_hour = -1;
  twin.best_statement_pct = 45;
  EXPECT_NE(refusal(twin, Bars{}), nullptr);
  twin.best_statement_pct = 55;
  EXPECT_EQ(refusal(twin, Bars{}), nullptr);
}

TEST(AdviceChoose, IncludeColumnsPayForTheBytesTheyAdd) {
  // A replacement doubling the index needs 50% of the remaining cost; one
  // adding a tenth needs min_improvement_pct.
  MoveGain doubling = measured(45, 1e6, 8e6);
  doubling.replaced_bytes = 8e6;
  EXPECT_NE(refusal(doubling, Bars{}), nullptr);
  doubling.best_statement_pct = 50;
  EXPECT_EQ(refusal(doubling, Bars{}), nullptr);
  MoveGain tenth = measured(21, 1e6, 8e5);
  tenth.replaced_bytes = 8e6;
  EXPECT_EQ(refusal(tenth, Bars{}), nullptr);
}

TEST(AdviceChoose, MillisecondsPerHourFromCallsMeanAndCost) {
  // 600 calls in 6 minutes, 20 ms each, planner cost 1000 a call: 6,000
  // calls an hour, 0.02 ms per unit of cost.
  EXPECT_DOUBLE_EQ(ms_per_cost_per_hour(600, 20, 1000, 0.1), 120);
  EXPECT_DOUBLE_EQ(ms_per_cost_per_hour(600, 0, 1000, 0.1), 0);
  EXPECT_DOUBLE_EQ(ms_per_cost_per_hour(600, 20, 1000, 0), 0);
}

TEST(AdviceChoose, RankIsNetBenefitPerByte) {
  EXPECT_GT(benefit_per_byte(measured(90, 1e6, 1e6)), benefit_per_byte(measured(90, 1e6, 2e6)));
  EXPECT_DOUBLE_EQ(benefit_per_byte(measured(90, -1, 100)), 100.0 / 8192);  // at least a page; cost units
}
