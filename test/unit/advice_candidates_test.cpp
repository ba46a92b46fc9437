// candidates_for: key order, join keys, covering and partial decisions,
// expression keys, refusing non-immutable predicates.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/advice/candidates.h"
#include "core/advice/index_candidate.h"

using namespace insights::advice;

namespace {

constexpr std::uint32_t kOrdersOid = 16384;

// A million orders; n_distinct as pg_stats would give it.
TableInfo orders() {
  TableInfo t;
  t.table_oid = kOrdersOid;
  t.schema = "public";
  t.table = "orders";
  t.rows = 1e6;
  t.columns = {
      {"id", 8, -1.0},             // unique
      {"customer_id", 8, 50000},   // 20 orders per customer
      {"status", 8, 5},            // 200,000 orders per status
      {"created_at", 8, -0.9},
      {"shipped_at", 8, -0.5},
      {"total", 8, 0},             // no statistics
      {"shipped", 1, 2},
      {"email", 24, -1.0},
      {"region", 8, 100},
      {"channel", 8, 100},
      {"note", 200, -1.0},         // wide text
  };
  return t;
}

TableAccess access() {
  TableAccess a;
  a.table_oid = kOrdersOid;
  a.schema = "public";
  a.table = "orders";
  return a;
}

// column <op> $n: no constant to put into a partial index.
Predicate param(const std::string& column, Op op, double selectivity = -1.0) {
  Predicate p;
  p.term = KeyTerm::of_column(column);
  p.op = op;
  p.selectivity = selectivity;
  return p;
}

// column <op> <constant>, the same constant in every execution.
Predicate constant(const std::string& column, Op op, std::string sql, double selectivity) {
  Predicate p = param(column, op, selectivity);
  p.constant_sql = std::move(sql);
  p.value = ValueEvidence::kFixed;
  return p;
}

SortKey sort(const std::string& column, bool descending = false, bool nulls_first = false) {
  return SortKey{KeyTerm::of_column(column), descending, nulls_first};
}

// The key list of the only candidate (no covering variant expected).
std::string only_keys(const TableAccess& a, const TableInfo& t = orders()) {
  const std::vector<IndexCandidate> c = candidates_for(1, a, t);
  if (c.size() != 1) return "expected one candidate, got " + std::to_string(c.size());
  return c[0].columns_text();
}

}  // namespace

TEST(AdviceCandidates, EqualityKeysComeBeforeTheRange) {
  TableAccess a = access();
  a.predicates = {param("created_at", Op::kGt), param("status", Op::kEq), param("customer_id", Op::kEq)};
  const std::vector<IndexCandidate> c = candidates_for(7, a, orders());
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].columns_text(), "customer_id, status, created_at");
  EXPECT_EQ(c[0].table_oid, kOrdersOid);
  EXPECT_EQ(c[0].schema, "public");
  EXPECT_EQ(c[0].table, "orders");
  EXPECT_EQ(c[0].statements, std::vector<int>{7});
  EXPECT_FALSE(c[0].is_partial());
  EXPECT_FALSE(c[0].is_covering());
  EXPECT_DOUBLE_EQ(c[0].predicate_selectivity, 1.0);
  EXPECT_EQ(c[0].equality_keys, 2);  // customer_id and status, in any order
}

TEST(AdviceCandidates, MostSelectiveEqualityFirstByNDistinct) {
  TableAccess a = access();
  a.predicates = {param("status", Op::kEq), param("customer_id", Op::kEq), param("email", Op::kEq)};
  // email: one row per value (n_distinct -1); customer_id: 20; status: 200,000.
  EXPECT_EQ(only_keys(a), "email, customer_id, status");
}

TEST(AdviceCandidates, NegativeNDistinctScalesWithTheTable) {
  TableInfo t = orders();
  t.columns.push_back({"batch", 8, -0.001});  // 1,000 values in a million rows
  t.columns.push_back({"shop", 8, 5000});
  TableAccess a = access();
  a.predicates = {param("batch", Op::kEq), param("shop", Op::kEq)};
  EXPECT_EQ(only_keys(a, t), "shop, batch");
  t.rows = 1e8;  // now 100,000 batches
  EXPECT_EQ(only_keys(a, t), "batch, shop");
}

TEST(AdviceCandidates, PredicateSelectivityBreaksTies) {
  TableAccess a = access();
  // region and channel both have 100 distinct values.
  a.predicates = {param("region", Op::kEq, 0.20), param("channel", Op::kEq, 0.001)};
  EXPECT_EQ(only_keys(a), "channel, region");
  a.predicates = {param("region", Op::kEq, 0.001), param("channel", Op::kEq, 0.20)};
  EXPECT_EQ(only_keys(a), "region, channel");
}

TEST(AdviceCandidates, OrderByKeepsItsDirection) {
  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq)};
  a.order_by = {sort("created_at", true, true)};  // ORDER BY created_at DESC
  a.has_limit = true;
  const std::vector<IndexCandidate> c = candidates_for(1, a, orders());
  ASSERT_EQ(c.size(), 1u);
  ASSERT_EQ(c[0].keys.size(), 2u);
  EXPECT_EQ(c[0].keys[0], (IndexKey{KeyTerm::of_column("customer_id"), false, false}));
  EXPECT_EQ(c[0].keys[1], (IndexKey{KeyTerm::of_column("created_at"), true, true}));
  EXPECT_EQ(c[0].columns_text(), "customer_id, created_at DESC");
}

TEST(AdviceCandidates, NonDefaultNullsOrderIsKept) {
  TableAccess a = access();
  a.order_by = {sort("created_at", true, false), sort("id", false, true)};
  a.has_limit = true;
  EXPECT_EQ(only_keys(a), "created_at DESC NULLS LAST, id NULLS FIRST");
}

TEST(AdviceCandidates, SortOnATermPinnedByEqualityIsLeftOut) {
  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq), param("status", Op::kEq)};
  a.order_by = {sort("status"), sort("created_at")};  // status is constant in the result
  a.has_limit = true;
  EXPECT_EQ(only_keys(a), "customer_id, status, created_at");
}

TEST(AdviceCandidates, OrderByWinsWithALimitTheRangeWithout) {
  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq), param("total", Op::kGt, 0.1)};
  a.order_by = {sort("created_at", true, true)};
  a.has_limit = true;
  EXPECT_EQ(only_keys(a), "customer_id, created_at DESC");
  a.has_limit = false;
  EXPECT_EQ(only_keys(a), "customer_id, total");
}

TEST(AdviceCandidates, OrderByThatStartsWithTheRangeServesBoth) {
  TableAccess a = access();
  a.predicates = {param("created_at", Op::kGe, 0.01)};
  a.order_by = {sort("created_at", true, true), sort("id", true, true)};
  EXPECT_EQ(only_keys(a), "created_at DESC, id DESC");
}

TEST(AdviceCandidates, MostSelectiveRangeIsChosen) {
  TableAccess a = access();
  a.predicates = {param("total", Op::kGt, 0.4), param("created_at", Op::kGe, 0.02), param("id", Op::kLt)};
  // id's selectivity is unknown: PostgreSQL's default 1/3 loses to 0.02.
  EXPECT_EQ(only_keys(a), "created_at");
}

TEST(AdviceCandidates, InKeyMakesTheOrderUnservable) {
  TableAccess a = access();
  a.predicates = {param("status", Op::kIn)};
  a.order_by = {sort("created_at")};
  a.has_limit = true;
  EXPECT_EQ(only_keys(a), "status");
  a.predicates.push_back(param("total", Op::kGt));
  EXPECT_EQ(only_keys(a), "status, total");
}

TEST(AdviceCandidates, SortOnAnotherTablesColumnIsNotAKey) {
  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq)};
  a.order_by = {sort("created_at"), sort("customer_name")};  // customers.name, not orders
  a.has_limit = true;
  EXPECT_EQ(only_keys(a), "customer_id");
}

TEST(AdviceCandidates, SortAloneIsACandidateABareScanIsNot) {
  TableAccess a = access();
  a.order_by = {sort("created_at")};
  EXPECT_EQ(only_keys(a), "created_at");
  TableAccess bare = access();
  bare.columns_read = {"id", "total"};
  EXPECT_TRUE(candidates_for(1, bare, orders()).empty());
}

// The keys of every candidate, in order.
std::vector<std::string> all_keys(const TableAccess& a, const TableInfo& t = orders()) {
  std::vector<std::string> keys;
  for (const IndexCandidate& c : candidates_for(1, a, t)) keys.push_back(c.columns_text());
  return keys;
}

TEST(AdviceCandidates, JoinColumnsGiveCandidatesOfTheirOwn) {
  TableAccess a = access();
  a.join_columns = {"customer_id"};
  a.predicates = {param("status", Op::kEq)};
  // The statement's own key, and the join key followed by the pinned terms.
  EXPECT_EQ(all_keys(a), (std::vector<std::string>{"status", "customer_id, status"}));

  // Only a join: one candidate on it.
  TableAccess join_only = access();
  join_only.join_columns = {"customer_id"};
  EXPECT_EQ(all_keys(join_only), std::vector<std::string>{"customer_id"});

  // Also compared with a constant: no second, identical candidate.
  TableAccess both = access();
  both.join_columns = {"customer_id"};
  both.predicates = {param("customer_id", Op::kEq)};
  EXPECT_EQ(all_keys(both), std::vector<std::string>{"customer_id"});
}

TEST(AdviceCandidates, JoinOnAnIndexedColumnNeedsNothing) {
  // orders.id is the primary key: joining into orders by id is served.
  TableInfo t = orders();
  ExistingIndex pkey;
  pkey.name = "orders_pkey";
  pkey.keys = {IndexKey{KeyTerm::of_column("id")}};
  t.indexes = {pkey};
  TableAccess a = access();
  a.join_columns = {"id"};
  a.predicates = {param("customer_id", Op::kEq)};
  a.order_by = {sort("created_at", true, true)};
  a.has_limit = true;
  EXPECT_EQ(all_keys(a, t), std::vector<std::string>{"customer_id, created_at DESC"});
}

TEST(AdviceCandidates, CoveringVariantIncludesFewNarrowColumns) {
  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq)};
  a.order_by = {sort("created_at", true, true)};
  a.has_limit = true;
  a.columns_read = {"total", "customer_id", "status", "created_at", "total"};
  const std::vector<IndexCandidate> c = candidates_for(1, a, orders());
  ASSERT_EQ(c.size(), 2u);
  EXPECT_TRUE(c[0].include.empty());
  EXPECT_EQ(c[1].columns_text(), "customer_id, created_at DESC");
  EXPECT_EQ(c[1].include, (std::vector<std::string>{"status", "total"}));
  EXPECT_EQ(c[1].kind(), "composite+covering");
}

TEST(AdviceCandidates, AtMostFourColumnsAreIncluded) {
  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq)};
  a.columns_read = {"customer_id", "status", "total", "shipped", "region"};
  const std::vector<IndexCandidate> four = candidates_for(1, a, orders());
  ASSERT_EQ(four.size(), 2u);
  EXPECT_EQ(four[1].include, (std::vector<std::string>{"region", "shipped", "status", "total"}));
  a.columns_read.push_back("channel");
  EXPECT_EQ(candidates_for(1, a, orders()).size(), 1u);
}

TEST(AdviceCandidates, AWideColumnMeansNoCoveringVariant) {
  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq)};
  a.columns_read = {"customer_id", "total", "note"};
  EXPECT_EQ(candidates_for(1, a, orders()).size(), 1u);
  a.columns_read = {"customer_id", "total", "unknown_column"};  // no width known: not narrow
  EXPECT_EQ(candidates_for(1, a, orders()).size(), 1u);
}

TEST(AdviceCandidates, SelectiveConstantBecomesThePartialPredicate) {
  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq),
                  constant("status", Op::kEq, "status = 'pending'::text", 0.05)};
  const std::vector<IndexCandidate> c = candidates_for(1, a, orders());
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].columns_text(), "customer_id");  // status left the key
  EXPECT_EQ(c[0].predicate_sql, "status = 'pending'::text");
  EXPECT_DOUBLE_EQ(c[0].predicate_selectivity, 0.05);
  EXPECT_EQ(c[0].kind(), "partial");
}

TEST(AdviceCandidates, UnselectiveConstantStaysAKey) {
  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq),
                  constant("status", Op::kEq, "status = 'shipped'::text", 0.5)};
  const std::vector<IndexCandidate> c = candidates_for(1, a, orders());
  ASSERT_EQ(c.size(), 1u);
  EXPECT_FALSE(c[0].is_partial());
  EXPECT_EQ(c[0].columns_text(), "customer_id, status");
}

TEST(AdviceCandidates, PartialLimitIsTwentyPercentInclusive) {
  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq), constant("shipped", Op::kIsFalse, "NOT shipped", 0.20)};
  EXPECT_EQ(candidates_for(1, a, orders())[0].predicate_sql, "NOT shipped");
  a.predicates[1].selectivity = 0.21;
  EXPECT_EQ(candidates_for(1, a, orders())[0].predicate_sql, "");
  a.predicates[1].selectivity = -1.0;  // unknown: not known to be selective
  EXPECT_EQ(candidates_for(1, a, orders())[0].predicate_sql, "");
}

TEST(AdviceCandidates, ParameterIsNeverAPartialPredicate) {
  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq), param("status", Op::kEq, 0.05)};
  const std::vector<IndexCandidate> c = candidates_for(1, a, orders());
  ASSERT_EQ(c.size(), 1u);
  EXPECT_FALSE(c[0].is_partial());
  EXPECT_EQ(c[0].columns_text(), "customer_id, status");
}

TEST(AdviceCandidates, ConstantThatVariesIsNotAPartialPredicate) {
  // region_id = 13 in one sample, 6 in the next: one index per region would
  // be needed, so region_id stays a key.
  TableAccess a = access();
  a.predicates = {constant("region", Op::kEq, "region = 13", 0.01), param("created_at", Op::kGe)};
  a.predicates[0].value = ValueEvidence::kVaries;
  const std::vector<IndexCandidate> c = candidates_for(1, a, orders());
  ASSERT_EQ(c.size(), 1u);
  EXPECT_FALSE(c[0].is_partial());
  EXPECT_EQ(c[0].columns_text(), "region, created_at");
}

TEST(AdviceCandidates, WithoutEvidenceOnlyFewValuedColumnsMakePartials) {
  TableAccess a = access();
  // status has 5 values: an application hard-codes them.
  a.predicates = {constant("status", Op::kEq, "status = 'pending'::text", 0.05)};
  a.predicates[0].value = ValueEvidence::kUnknown;
  EXPECT_TRUE(candidates_for(1, a, orders())[0].is_partial());
  // customer_id has 50,000: the next call asks for another customer.
  a.predicates = {constant("customer_id", Op::kEq, "customer_id = 42", 0.00002)};
  a.predicates[0].value = ValueEvidence::kUnknown;
  EXPECT_FALSE(candidates_for(1, a, orders())[0].is_partial());
  // A NULL test has no value to vary.
  a.predicates = {constant("shipped_at", Op::kIsNull, "shipped_at IS NULL", 0.1)};
  a.predicates[0].value = ValueEvidence::kUnknown;
  EXPECT_TRUE(candidates_for(1, a, orders())[0].is_partial());
}

TEST(AdviceCandidates, ColumnPinnedByThePartialPredicateIsNotIncluded) {
  TableAccess a = access();
  a.predicates = {constant("status", Op::kEq, "status = 'pending'::text", 0.05), param("created_at", Op::kGt)};
  a.columns_read = {"status", "created_at", "total"};
  const std::vector<IndexCandidate> c = candidates_for(1, a, orders());
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[1].columns_text(), "created_at");
  EXPECT_EQ(c[1].include, std::vector<std::string>{"total"});
  EXPECT_EQ(c[1].predicate_sql, "status = 'pending'::text");
}

TEST(AdviceCandidates, MostSelectivePredicateIsThePartialOne) {
  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq),
                  constant("status", Op::kEq, "status = 'pending'::text", 0.05),
                  constant("shipped", Op::kIsFalse, "NOT shipped", 0.01)};
  const std::vector<IndexCandidate> c = candidates_for(1, a, orders());
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].predicate_sql, "NOT shipped");
  EXPECT_EQ(c[0].columns_text(), "customer_id, status");
}

TEST(AdviceCandidates, PartialPredicateAloneKeysOnItsTerm) {
  TableAccess a = access();
  a.predicates = {constant("status", Op::kEq, "status = 'pending'::text", 0.05)};
  const std::vector<IndexCandidate> c = candidates_for(1, a, orders());
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].columns_text(), "status");
  EXPECT_EQ(c[0].predicate_sql, "status = 'pending'::text");
}

TEST(AdviceCandidates, InListPartialFreesTheOrder) {
  TableAccess a = access();
  a.predicates = {constant("status", Op::kIn, "status = ANY ('{new,pending}'::text[])", 0.1)};
  a.order_by = {sort("created_at")};
  a.has_limit = true;
  const std::vector<IndexCandidate> c = candidates_for(1, a, orders());
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].columns_text(), "created_at");
  EXPECT_EQ(c[0].predicate_sql, "status = ANY ('{new,pending}'::text[])");
}

TEST(AdviceCandidates, NotNullPartialKeepsItsTermForTheSort) {
  TableAccess a = access();
  a.predicates = {constant("shipped_at", Op::kIsNotNull, "shipped_at IS NOT NULL", 0.1)};
  a.order_by = {sort("shipped_at", true, true)};
  a.has_limit = true;
  const std::vector<IndexCandidate> c = candidates_for(1, a, orders());
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].columns_text(), "shipped_at DESC");
  EXPECT_EQ(c[0].predicate_sql, "shipped_at IS NOT NULL");
}

TEST(AdviceCandidates, NonImmutablePredicateIsNeverAKeyNorAPredicate) {
  Predicate since_now = constant("created_at", Op::kGt, "created_at > now()", 0.01);
  since_now.immutable = false;
  Predicate today = constant("created_at", Op::kEq, "created_at = CURRENT_DATE", 0.001);
  today.immutable = false;

  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq), since_now, today};
  const std::vector<IndexCandidate> c = candidates_for(1, a, orders());
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].columns_text(), "customer_id");
  EXPECT_FALSE(c[0].is_partial());

  TableAccess alone = access();
  alone.predicates = {since_now, today};
  EXPECT_TRUE(candidates_for(1, alone, orders()).empty());
}

TEST(AdviceCandidates, ExpressionPredicateGivesAnExpressionKey) {
  TableAccess a = access();
  Predicate by_email;
  by_email.term = KeyTerm::of_expression("lower(email)");
  by_email.op = Op::kEq;
  a.predicates = {by_email};
  a.columns_read = {"id", "email"};
  const std::vector<IndexCandidate> c = candidates_for(1, a, orders());
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].keys, (std::vector<IndexKey>{IndexKey{KeyTerm::of_expression("lower(email)")}}));
  EXPECT_TRUE(c[0].has_expression());
  EXPECT_EQ(c[0].kind(), "expression");
  // The expression does not return email itself: an index-only scan needs it included.
  EXPECT_EQ(c[1].include, (std::vector<std::string>{"email", "id"}));
}

TEST(AdviceCandidates, KeysStopAtSixColumns) {
  TableInfo t = orders();
  TableAccess a = access();
  for (int i = 1; i <= 8; ++i) {
    const std::string column = "c" + std::to_string(i);
    t.columns.push_back({column, 8, 10.0 * i});  // c8 most selective
    a.predicates.push_back(param(column, Op::kEq));
  }
  a.predicates.push_back(param("created_at", Op::kGt));
  EXPECT_EQ(only_keys(a, t), "c8, c7, c6, c5, c4, c3");
}

TEST(AdviceCandidates, CandidatesOnAPartitionedTableSaySo) {
  TableAccess a = access();
  a.predicates = {param("customer_id", Op::kEq)};
  EXPECT_FALSE(candidates_for(1, a, orders())[0].on_partitioned_table);
  TableInfo partitioned = orders();
  partitioned.partitions = 12;
  for (const IndexCandidate& c : candidates_for(1, a, partitioned)) EXPECT_TRUE(c.on_partitioned_table);
}
