// Index advice beyond B-tree: GIN, BRIN and pattern-class candidates, their
// DDL, kind and name, their size estimates, and the merge keeping methods apart.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "core/advice/candidates.h"
#include "core/advice/ddl.h"
#include "core/advice/index_candidate.h"
#include "core/advice/index_size.h"
#include "core/advice/merge.h"

using namespace insights::advice;

namespace {

constexpr std::uint32_t kEventsOid = 16400;

// Quoted unless all lowercase letters, digits and '_' (PostgreSQL's rule
// for names that are not keywords).
std::string quote(std::string_view name) {
  bool safe = !name.empty();
  for (char ch : name) safe = safe && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_');
  return safe ? std::string(name) : "\"" + std::string(name) + "\"";
}

// 10 million append-only events on 100,000 pages, ordered by created_at.
TableInfo events() {
  TableInfo t;
  t.table_oid = kEventsOid;
  t.schema = "public";
  t.table = "events";
  t.rows = 1e7;
  t.pages = 1e5;
  t.columns = {
      {"id", 8, -1.0, 1.0},
      {"created_at", 8, -0.9, 0.99},
      {"kind", 4, 10, 0.1},
      {"title", 41, -0.8, 0.0},
      {"attrs", 64, -1.0, 0.0},
      {"tags", 37, 3700, 0.0},
  };
  return t;
}

TableAccess access(std::vector<Predicate> predicates) {
  TableAccess a;
  a.table_oid = kEventsOid;
  a.schema = "public";
  a.table = "events";
  a.predicates = std::move(predicates);
  return a;
}

Predicate predicate(const std::string& column, Op op, double selectivity, OperatorClass opclass = {}) {
  Predicate p;
  p.term = KeyTerm::of_column(column);
  p.op = op;
  p.selectivity = selectivity;
  p.opclass = std::move(opclass);
  return p;
}

const OperatorClass kTrigram{"extensions", "gin_trgm_ops"};
const OperatorClass kJsonbPath{"", "jsonb_path_ops"};

std::string ddl(const IndexCandidate& c) { return create_index_ddl(c, quote); }

}  // namespace

TEST(AdviceMethods, TrigramSearchGetsGinWithTheExtensionsClass) {
  const auto candidates = candidates_for(1, access({predicate("title", Op::kTrigramMatch, 0.001, kTrigram)}), events());
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].method, IndexMethod::kGin);
  EXPECT_EQ(candidates[0].kind(), "gin");
  EXPECT_EQ(ddl(candidates[0]), "CREATE INDEX CONCURRENTLY " + index_name(candidates[0]) +
                                    " ON public.events USING gin (title extensions.gin_trgm_ops);");
  EXPECT_EQ(index_name(candidates[0]).rfind("events_title_gin_", 0), 0u);
  EXPECT_TRUE(candidates[0].missing_extension.empty());
}

TEST(AdviceMethods, MissingExtensionIsCarriedAndTheClassIsUnqualified) {
  Predicate p = predicate("title", Op::kTrigramMatch, 0.001, OperatorClass{"", "gin_trgm_ops"});
  p.missing_extension = "pg_trgm";
  const auto candidates = candidates_for(1, access({p}), events());
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].missing_extension, "pg_trgm");
  EXPECT_NE(ddl(candidates[0]).find("USING gin (title gin_trgm_ops);"), std::string::npos);
}

TEST(AdviceMethods, JsonbContainmentUsesPathOpsUnlessAKeyExistenceIsTested) {
  auto only_containment = candidates_for(1, access({predicate("attrs", Op::kJsonbContains, 0.01, kJsonbPath)}), events());
  ASSERT_EQ(only_containment.size(), 1u);
  EXPECT_EQ(only_containment[0].keys[0].opclass, kJsonbPath);
  EXPECT_NE(ddl(only_containment[0]).find("USING gin (attrs jsonb_path_ops)"), std::string::npos);

  auto with_existence = candidates_for(1,
                                       access({predicate("attrs", Op::kJsonbContains, 0.01, kJsonbPath),
                                               predicate("attrs", Op::kJsonbExists, 0.1)}),
                                       events());
  ASSERT_EQ(with_existence.size(), 1u);
  EXPECT_TRUE(with_existence[0].keys[0].opclass.is_default());
  EXPECT_NE(ddl(with_existence[0]).find("USING gin (attrs);"), std::string::npos);
}

TEST(AdviceMethods, ArrayOperatorsGetGinAlongsideTheBtreeOnEqualities) {
  const auto candidates =
      candidates_for(1, access({predicate("tags", Op::kArrayMatch, 0.01), predicate("kind", Op::kEq, 0.1)}), events());
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0].method, IndexMethod::kBtree);
  EXPECT_EQ(candidates[0].columns_text(), "kind");
  EXPECT_EQ(candidates[1].method, IndexMethod::kGin);
  EXPECT_EQ(candidates[1].columns_text(), "tags");
}

TEST(AdviceMethods, LikePrefixUnderANonCCollationCarriesThePatternClass) {
  const auto candidates =
      candidates_for(1, access({predicate("title", Op::kLikePrefix, 0.01, OperatorClass{"", "text_pattern_ops"})}), events());
  ASSERT_GE(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].method, IndexMethod::kBtree);
  EXPECT_EQ(candidates[0].kind(), "pattern");
  EXPECT_NE(ddl(candidates[0]).find("ON public.events (title text_pattern_ops);"), std::string::npos);
}

TEST(AdviceMethods, APatternClassDoesNotServeTheSort) {
  TableAccess a = access({predicate("title", Op::kLikePrefix, 0.01, OperatorClass{"", "text_pattern_ops"})});
  a.order_by = {SortKey{KeyTerm::of_column("title"), false, false}};
  const auto candidates = candidates_for(1, a, events());
  ASSERT_GE(candidates.size(), 1u);
  // Without a LIMIT the range wins, with its class (a bytewise order).
  EXPECT_EQ(candidates[0].keys.size(), 1u);
  EXPECT_EQ(candidates[0].keys[0].opclass.name, "text_pattern_ops");
}

TEST(AdviceMethods, WideRangeOnACorrelatedAppendOnlyColumnGetsBrinInsteadOfBtree) {
  const auto candidates = candidates_for(
      1, access({predicate("created_at", Op::kGe, 0.6), predicate("created_at", Op::kLt, 0.5)}), events());
  ASSERT_EQ(candidates.size(), 1u);  // 10% of the table: 10,000 pages, many block ranges
  EXPECT_EQ(candidates[0].method, IndexMethod::kBrin);
  EXPECT_EQ(candidates[0].kind(), "brin");
  EXPECT_NE(ddl(candidates[0]).find("USING brin (created_at);"), std::string::npos);
}

TEST(AdviceMethods, BrinNeedsAWideRangeCorrelationSizeAndFewUpdates) {
  // 0.05% of 100,000 pages = 50 pages: less than one 128-page block range.
  const auto narrow = candidates_for(
      1, access({predicate("created_at", Op::kGe, 0.5), predicate("created_at", Op::kLt, 0.5005)}), events());
  ASSERT_FALSE(narrow.empty());
  EXPECT_EQ(narrow[0].method, IndexMethod::kBtree);

  const auto unordered = candidates_for(1, access({predicate("kind", Op::kGt, 0.3)}), events());
  ASSERT_FALSE(unordered.empty());
  EXPECT_EQ(unordered[0].method, IndexMethod::kBtree);

  TableInfo small = events();
  small.pages = kMinBrinTablePages - 1;
  const auto small_table = candidates_for(1, access({predicate("created_at", Op::kGt, 0.5)}), small);
  EXPECT_EQ(small_table[0].method, IndexMethod::kBtree);

  TableInfo churned = events();
  churned.churn_ratio = 0.5;
  const auto churned_table = candidates_for(1, access({predicate("created_at", Op::kGt, 0.5)}), churned);
  EXPECT_EQ(churned_table[0].method, IndexMethod::kBtree);

  // Unknown selectivity (now() - interval): the B-tree stays.
  const auto unknown = candidates_for(1, access({predicate("created_at", Op::kGt, -1.0)}), events());
  EXPECT_EQ(unknown[0].method, IndexMethod::kBtree);
}

TEST(AdviceMethods, BrinDoesNotReplaceACompositeBtree) {
  const auto candidates =
      candidates_for(1, access({predicate("kind", Op::kEq, 0.1), predicate("created_at", Op::kGt, 0.5)}), events());
  ASSERT_FALSE(candidates.empty());
  for (const IndexCandidate& c : candidates) EXPECT_EQ(c.method, IndexMethod::kBtree);
  EXPECT_EQ(candidates[0].columns_text(), "kind, created_at");
}

TEST(AdviceMethods, NamesAndDefinitionsTellMethodsApart) {
  IndexCandidate btree;
  btree.table_oid = kEventsOid;
  btree.schema = "public";
  btree.table = "events";
  btree.keys = {IndexKey{KeyTerm::of_column("tags")}};
  IndexCandidate gin = btree;
  gin.method = IndexMethod::kGin;
  EXPECT_NE(index_name(btree), index_name(gin));
  EXPECT_EQ(index_name(gin).rfind("events_tags_gin_", 0), 0u);
  EXPECT_EQ(ddl(btree).find("USING"), std::string::npos);  // B-tree DDL reads as before
}

TEST(AdviceMethods, OperatorClassIdentifiersAreQuoted) {
  IndexCandidate c;
  c.schema = "public";
  c.table = "events";
  c.method = IndexMethod::kGin;
  c.keys = {IndexKey{KeyTerm::of_column("Title"), false, false, OperatorClass{"My Ext", "gin_trgm_ops"}}};
  EXPECT_NE(ddl(c).find("USING gin (\"Title\" \"My Ext\".gin_trgm_ops);"), std::string::npos);
}

TEST(AdviceMethods, MergeNeverAbsorbsAcrossMethods) {
  IndexCandidate btree;
  btree.table_oid = kEventsOid;
  btree.schema = "public";
  btree.table = "events";
  btree.keys = {IndexKey{KeyTerm::of_column("tags")}, IndexKey{KeyTerm::of_column("kind")}};
  btree.statements = {1};
  IndexCandidate gin;
  gin.table_oid = kEventsOid;
  gin.schema = "public";
  gin.table = "events";
  gin.method = IndexMethod::kGin;
  gin.keys = {IndexKey{KeyTerm::of_column("tags")}};
  gin.statements = {2};
  const auto merged = merge_candidates({btree, gin});
  ASSERT_EQ(merged.size(), 2u);
  for (const IndexCandidate& c : merged) EXPECT_EQ(c.statements.size(), 1u);
}

TEST(AdviceMethods, AnExistingIndexServesOnlyItsOwnMethodAndClass) {
  IndexCandidate gin;
  gin.method = IndexMethod::kGin;
  gin.keys = {IndexKey{KeyTerm::of_column("title"), false, false, kTrigram}};
  ExistingIndex btree_on_title{"events_title_idx", IndexMethod::kBtree, {IndexKey{KeyTerm::of_column("title")}}, {}, "", true};
  EXPECT_FALSE(served_by(gin, btree_on_title));
  ExistingIndex gin_default{"events_title_gin", IndexMethod::kGin, {IndexKey{KeyTerm::of_column("title")}}, {}, "", true};
  EXPECT_FALSE(served_by(gin, gin_default));  // another operator class
  ExistingIndex gin_trigram{"events_title_trgm", IndexMethod::kGin, {gin.keys[0]}, {}, "", true};
  EXPECT_TRUE(served_by(gin, gin_trigram));
}

// Sizes: the formulas of index_size.h, against hand computations.
TEST(AdviceMethods, GinTrigramSizeFromTheTextWidth) {
  TableInfo t = events();
  t.rows = 5e4;
  IndexCandidate c;
  c.method = IndexMethod::kGin;
  c.keys = {IndexKey{KeyTerm::of_column("title"), false, false, kTrigram}};
  // 41 trigrams a row: 2.05 M items x 3 bytes at 90% of 8160 bytes; 20,000
  // distinct trigrams x (MAXALIGN(8 + 4 + 6) + 4 = 28) at 60%; plus the metapage.
  const double posting_pages = std::ceil(5e4 * 41 * 3 / (8160 * 0.9));
  const double entry_pages = std::ceil(20000 * 28 / (8160 * 0.6));
  EXPECT_DOUBLE_EQ(estimate_index_bytes(c, t), (1 + posting_pages + entry_pages) * 8192);
  // A real gin_trgm_ops index of 50,000 41-byte names measured 6.5 MB.
  EXPECT_GT(estimate_index_bytes(c, t), 5e6);
  EXPECT_LT(estimate_index_bytes(c, t), 9e6);
}

TEST(AdviceMethods, GinJsonbAndArraySizesFollowKeysPerRowAndDistinctValues) {
  TableInfo t = events();
  t.rows = 5e4;
  IndexCandidate path;
  path.method = IndexMethod::kGin;
  path.keys = {IndexKey{KeyTerm::of_column("attrs"), false, false, kJsonbPath}};
  // 64 / 20 = 3.2 hashes a row; every row distinct (n_distinct -1): 50,000 keys.
  const double expected = 1 + std::ceil(5e4 * 28 / (8160 * 0.6)) + std::ceil(5e4 * 3.2 * 3 / (8160 * 0.9));
  EXPECT_DOUBLE_EQ(estimate_index_bytes(path, t), expected * 8192);

  IndexCandidate tags;
  tags.method = IndexMethod::kGin;
  tags.keys = {IndexKey{KeyTerm::of_column("tags")}};
  // 3.7 elements a row, 3,700 distinct arrays: 13,690 keys of 8 bytes.
  const double tag_pages =
      1 + std::ceil(3700 * 3.7 * 28 / (8160 * 0.6)) + std::ceil(5e4 * 3.7 * 3 / (8160 * 0.9));
  EXPECT_DOUBLE_EQ(estimate_index_bytes(tags, t), tag_pages * 8192);
}

TEST(AdviceMethods, BrinSizeIsRangesTimesASummaryTuple) {
  IndexCandidate c;
  c.method = IndexMethod::kBrin;
  c.keys = {IndexKey{KeyTerm::of_column("created_at")}};
  // 100,000 pages / 128 = 782 ranges of MAXALIGN(8 + 16 + 8) + 4 = 36 bytes:
  // 4 regular pages, 1 range-map page, the metapage.
  EXPECT_DOUBLE_EQ(estimate_index_bytes(c, events()), 6 * 8192);
  TableInfo empty = events();
  empty.pages = 0;
  EXPECT_DOUBLE_EQ(estimate_index_bytes(c, empty), 3 * 8192);  // like a real empty BRIN index
  // A B-tree on the same column: 10 M entries of 20 bytes, about 27,000 times larger.
  IndexCandidate btree = c;
  btree.method = IndexMethod::kBtree;
  EXPECT_GT(estimate_index_bytes(btree, events()) / estimate_index_bytes(c, events()), 1000);
}
