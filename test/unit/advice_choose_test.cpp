// The size estimate and the final greedy choice among validated candidates.
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

Evaluation eval(IndexCandidate c, double cost_before, double cost_after, double bytes, double write_ratio = 0) {
  Evaluation e;
  e.candidate = std::move(c);
  e.cost_before = cost_before;
  e.cost_after = cost_after;
  e.bytes = bytes;
  e.write_ratio = write_ratio;
  return e;
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

TEST(AdviceChoose, RequiredImprovementGrowsWithWritesUpToFortyPoints) {
  EXPECT_DOUBLE_EQ(required_improvement_pct(20, 0), 20);
  EXPECT_DOUBLE_EQ(required_improvement_pct(20, 1.5), 35);
  EXPECT_DOUBLE_EQ(required_improvement_pct(20, 4), 60);
  EXPECT_DOUBLE_EQ(required_improvement_pct(20, 50), 60);
  EXPECT_DOUBLE_EQ(required_improvement_pct(20, -1), 20);
  EXPECT_DOUBLE_EQ(required_improvement_pct(5, 0.2), 7);
}

TEST(AdviceChoose, ImprovementBelowTheThresholdIsDropped) {
  const std::vector<Evaluation> evals = {
      eval(on({"a"}, {1}, 1), 100, 90, 1e6),   // 10%
      eval(on({"b"}, {2}, 2), 100, 80, 1e6),   // exactly 20%
      eval(on({"c"}, {3}, 3), 100, 19, 1e6),   // 81%
      eval(on({"d"}, {4}, 4), 0, 0, 1e6),      // nothing to improve
      eval(on({"e"}, {5}, 5), 100, 120, 1e6),  // worse
  };
  EXPECT_EQ(choose(evals, 20), (std::vector<std::size_t>{2, 1}));
  EXPECT_EQ(choose(evals, 50), (std::vector<std::size_t>{2}));
  EXPECT_EQ(choose(evals, 90), (std::vector<std::size_t>{}));
}

TEST(AdviceChoose, HeavilyWrittenTablesDemandMore) {
  const std::vector<Evaluation> evals = {
      eval(on({"a"}, {1}, 1), 100, 65, 1e6, 2.0),  // 35% < 20 + 20
      eval(on({"b"}, {2}, 2), 100, 55, 1e6, 2.0),  // 45%
      eval(on({"c"}, {3}, 3), 100, 65, 1e6, 0.0),  // 35%, read-only table
  };
  EXPECT_EQ(choose(evals, 20), (std::vector<std::size_t>{1, 2}));
}

TEST(AdviceChoose, TakesTheMostBenefitPerByteFirst) {
  const std::vector<Evaluation> evals = {
      eval(on({"a"}, {1}, 1), 1000, 100, 9e6),  // 900 / 9 MB  = 100 per MB
      eval(on({"b"}, {2}, 2), 500, 100, 1e6),   // 400 / 1 MB  = 400 per MB
      eval(on({"c"}, {3}, 3), 300, 100, 1e6),   // 200 / 1 MB  = 200 per MB
      eval(on({"d"}, {4}, 4), 300, 100, 1e6),   // a tie keeps the input order
  };
  EXPECT_EQ(choose(evals, 20), (std::vector<std::size_t>{1, 2, 3, 0}));
}

TEST(AdviceChoose, SkipsCandidatesWhoseStatementsAreAlreadyServed) {
  const std::vector<Evaluation> evals = {
      eval(on({"a", "b"}, {1, 2}), 1000, 100, 1e6),  // chosen first
      eval(on({"a"}, {1}), 500, 100, 5e5),           // statement 1 already served: skipped
      eval(on({"c"}, {2, 3}), 500, 100, 2e6),        // statement 3 is new: taken
      eval(on({"d"}, {1, 3}), 400, 100, 2e6),        // 1 and 3 both served by now: skipped
      eval(on({"a"}, {1}, 200), 300, 100, 2e6),      // statement 1 on another table: taken
  };
  EXPECT_EQ(choose(evals, 20), (std::vector<std::size_t>{0, 2, 4}));
}

TEST(AdviceChoose, NoGainIsNeverChosenEvenAtZeroThreshold) {
  const std::vector<Evaluation> evals = {eval(on({"id"}), 100.0, 100.0, 8192), eval(on({"code"}, {2}), 100.0, 120.0, 8192),
                                         eval(on({"flag"}, {3}), 100.0, 99.0, 8192)};
  EXPECT_EQ(choose(evals, 0.0), std::vector<std::size_t>{2});
}
