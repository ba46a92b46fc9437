// An index candidate as text: CREATE INDEX, the index name, kind and key list.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/advice/ddl.h"
#include "core/advice/index_candidate.h"

using namespace insights::advice;

namespace {

// Like PostgreSQL's quote_identifier for names that are not keywords: quoted
// unless all lowercase letters, digits and '_' (not leading with a digit),
// with embedded quotes doubled.
std::string fake_quote_ident(std::string_view name) {
  bool safe = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char ch : name) safe = safe && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_');
  if (safe) return std::string(name);
  std::string quoted = "\"";
  for (char ch : name) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

IndexKey key(const std::string& column, bool descending = false, bool nulls_first = false) {
  return IndexKey{KeyTerm::of_column(column), descending, nulls_first};
}

IndexCandidate orders(std::vector<IndexKey> keys) {
  IndexCandidate c;
  c.table_oid = 16384;
  c.schema = "public";
  c.table = "orders";
  c.keys = std::move(keys);
  c.statements = {1};
  return c;
}

std::string ddl(const IndexCandidate& c) { return create_index_ddl(c, fake_quote_ident); }

}  // namespace

TEST(AdviceDdl, FakeQuoteIdentQuotesLikePostgres) {
  EXPECT_EQ(fake_quote_ident("orders"), "orders");
  EXPECT_EQ(fake_quote_ident("Orders"), "\"Orders\"");
  EXPECT_EQ(fake_quote_ident("order items"), "\"order items\"");
  EXPECT_EQ(fake_quote_ident("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(fake_quote_ident("1st"), "\"1st\"");
}

// The names below carry FNV-1a of the canonical definition
// (ON "public"."orders" ("customer_id", "created_at" DESC)), computed
// independently; a change means every advised name changes between releases.
TEST(AdviceDdl, CompositeIndexWithDescendingKey) {
  const IndexCandidate c = orders({key("customer_id"), key("created_at", true, true)});
  EXPECT_EQ(ddl(c),
            "CREATE INDEX CONCURRENTLY orders_customer_id_created_at_25b1feed_idx "
            "ON public.orders (customer_id, created_at DESC);");
}

TEST(AdviceDdl, NullsOrderOnlyWhenNotTheDefault) {
  EXPECT_EQ(orders({key("a", false, false)}).columns_text(), "a");
  EXPECT_EQ(orders({key("a", false, true)}).columns_text(), "a NULLS FIRST");
  EXPECT_EQ(orders({key("a", true, true)}).columns_text(), "a DESC");
  EXPECT_EQ(orders({key("a", true, false)}).columns_text(), "a DESC NULLS LAST");
  const IndexCandidate c = orders({key("a", true, false), key("b", false, true)});
  EXPECT_EQ(ddl(c), "CREATE INDEX CONCURRENTLY " + index_name(c) + " ON public.orders (a DESC NULLS LAST, b NULLS FIRST);");
}

TEST(AdviceDdl, IdentifiersAreQuotedAsNeeded) {
  IndexCandidate c;
  c.schema = "Sales Data";
  c.table = "Order \"Items\"";
  c.keys = {key("CustomerId"), key("created at", true, true)};
  c.include = {"Total", "qty"};
  EXPECT_EQ(ddl(c), "CREATE INDEX CONCURRENTLY " + index_name(c) +
                        " ON \"Sales Data\".\"Order \"\"Items\"\"\" (\"CustomerId\", \"created at\" DESC)"
                        " INCLUDE (\"Total\", qty);");
  EXPECT_EQ(index_name(c).rfind("order_items_customerid_created_at_incl_", 0), 0u) << index_name(c);
}

TEST(AdviceDdl, ExpressionKeyIsParenthesized) {
  IndexCandidate c = orders({IndexKey{KeyTerm::of_expression("lower(email)")}});
  EXPECT_EQ(ddl(c), "CREATE INDEX CONCURRENTLY " + index_name(c) + " ON public.orders ((lower(email)));");
  EXPECT_EQ(c.columns_text(), "(lower(email))");
  EXPECT_EQ(index_name(c).rfind("orders_lower_email_", 0), 0u) << index_name(c);
}

TEST(AdviceDdl, PartialCoveringIndex) {
  IndexCandidate c = orders({key("customer_id")});
  c.include = {"status", "total"};
  c.predicate_sql = "status = 'pending'::text";
  c.predicate_selectivity = 0.05;
  EXPECT_EQ(ddl(c),
            "CREATE INDEX CONCURRENTLY orders_customer_id_incl_part_d546a78b_idx ON public.orders (customer_id) "
            "INCLUDE (status, total) WHERE status = 'pending'::text;");
}

TEST(AdviceDdl, TableWithoutSchemaIsNotQualified) {
  IndexCandidate c = orders({key("id")});
  c.schema.clear();
  EXPECT_EQ(ddl(c), "CREATE INDEX CONCURRENTLY " + index_name(c) + " ON orders (id);");
}

TEST(AdviceDdl, NameIsDeterministicAndTellsIndexesApart) {
  const IndexCandidate a = orders({key("customer_id")});
  IndexCandidate same = a;
  same.statements = {4, 5};  // statements are not part of the index
  EXPECT_EQ(index_name(a), index_name(same));

  IndexCandidate reversed = orders({key("customer_id", true, true)});
  IndexCandidate pending = a;
  pending.predicate_sql = "status = 'pending'::text";
  IndexCandidate failed = a;
  failed.predicate_sql = "status = 'failed'::text";
  IndexCandidate other_schema = a;
  other_schema.schema = "archive";
  const std::vector<std::string> names = {index_name(a), index_name(reversed), index_name(pending),
                                          index_name(failed), index_name(other_schema)};
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = i + 1; j < names.size(); ++j) EXPECT_NE(names[i], names[j]) << i << " " << j;
  }
  EXPECT_EQ(index_name(pending).rfind("orders_customer_id_part_", 0), 0u) << index_name(pending);
}

TEST(AdviceDdl, NameHasTheReadableShapeAndFoldsOddCharacters) {
  const std::string name = index_name(orders({key("customer_id")}));
  ASSERT_EQ(name.size(), std::string("orders_customer_id_").size() + 8 + 4);
  EXPECT_EQ(name.substr(0, 19), "orders_customer_id_");
  EXPECT_EQ(name.substr(name.size() - 4), "_idx");
  for (char ch : name.substr(19, 8)) EXPECT_TRUE((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')) << name;

  IndexCandidate odd = orders({key("Ünit--Price")});
  odd.table = "Café \"Orders\"";
  EXPECT_EQ(index_name(odd).rfind("caf_orders_nit_price_", 0), 0u) << index_name(odd);
}

TEST(AdviceDdl, LongNamesFitIn63Bytes) {
  IndexCandidate c = orders({});
  c.table = std::string(60, 't');
  for (int i = 0; i < 6; ++i) c.keys.push_back(key("a_rather_long_column_name_" + std::to_string(i)));
  const std::string name = index_name(c);
  EXPECT_EQ(name.size(), 63u);
  EXPECT_EQ(name.substr(0, 50), std::string(50, 't'));
  EXPECT_EQ(name.substr(name.size() - 4), "_idx");

  // Two indexes that differ only past the cut still get different names.
  IndexCandidate other = c;
  other.keys.back() = key("a_rather_long_column_name_x");
  EXPECT_NE(index_name(c), index_name(other));
  EXPECT_EQ(index_name(c).substr(0, 50), index_name(other).substr(0, 50));
}

TEST(AdviceDdl, KindNamesTheFeatures) {
  EXPECT_EQ(orders({key("a")}).kind(), "btree");
  EXPECT_EQ(orders({key("a"), key("b")}).kind(), "composite");
  IndexCandidate all = orders({key("a"), IndexKey{KeyTerm::of_expression("lower(email)")}});
  all.include = {"c"};
  all.predicate_sql = "d IS NOT NULL";
  EXPECT_EQ(all.kind(), "composite+partial+covering+expression");
  IndexCandidate partial = orders({key("a")});
  partial.predicate_sql = "d";
  EXPECT_EQ(partial.kind(), "partial");
  EXPECT_FALSE(orders({key("a")}).has_expression());
}

TEST(AdviceDdl, ColumnsTextIsUnquoted) {
  IndexCandidate c = orders({key("CustomerId"), key("created_at", true, true),
                             IndexKey{KeyTerm::of_expression("lower(\"Email\")")}});
  EXPECT_EQ(c.columns_text(), "CustomerId, created_at DESC, (lower(\"Email\"))");
}

// PostgreSQL refuses CREATE INDEX CONCURRENTLY on a partitioned table: the
// DDL is the plain statement (same name), and the rationale's note tells
// the lock and the non-blocking recipe.
TEST(AdviceDdl, PartitionedTableGetsPlainCreateIndexAndTheRecipe) {
  IndexCandidate c = orders({key("customer_id"), key("created_at", true, true)});
  c.on_partitioned_table = true;
  EXPECT_EQ(ddl(c),
            "CREATE INDEX orders_customer_id_created_at_25b1feed_idx "
            "ON public.orders (customer_id, created_at DESC);");
  const std::string note = partitioned_ddl_note(c, 12);
  EXPECT_NE(note.find("each of its 12 partitions"), std::string::npos) << note;
  EXPECT_NE(note.find("blocks writes"), std::string::npos) << note;
  EXPECT_NE(note.find("ON ONLY"), std::string::npos) << note;
  EXPECT_NE(note.find("ATTACH PARTITION"), std::string::npos) << note;
  EXPECT_NE(partitioned_ddl_note(c, 1).find("each of its 1 partition "), std::string::npos);
  c.on_partitioned_table = false;
  EXPECT_EQ(partitioned_ddl_note(c, 12), "");
}
