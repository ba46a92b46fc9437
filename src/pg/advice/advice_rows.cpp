#include "pg/advice/advice_rows.h"

#include "core/advice/ddl.h"
#include "core/advice/merge.h"

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "pg/guard.h"

extern "C" {
#include "catalog/pg_type_d.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"
}

namespace insights::pg {

using advice::Evaluation;
using advice::IndexCandidate;
using advice::TableInfo;

namespace {

std::string quote_ident(std::string_view identifier) {
  const std::string in(identifier);
  return pg_call([&] { return quote_identifier(in.c_str()); });
}

struct AdviceRow {
  std::string schema_name, table_name, ddl, kind, predicate, rationale;
  std::vector<std::string> columns, include, fingerprints;
  double bytes, cost_before, cost_after, improvement_pct, total_ms;
  bool measured = true;  // false: cost_after and improvement_pct are NULL (the planner could not weigh it)
};

Datum name_datum(const std::string& name) {
  auto* data = static_cast<NameData*>(palloc0(NAMEDATALEN));
  namestrcpy(data, name.c_str());
  return NameGetDatum(data);
}

Datum text_array(const std::vector<std::string>& items) {
  Datum* elems = static_cast<Datum*>(palloc(sizeof(Datum) * (items.size() + 1)));
  for (std::size_t i = 0; i < items.size(); ++i) elems[i] = CStringGetTextDatum(items[i].c_str());
  return PointerGetDatum(construct_array(elems, static_cast<int>(items.size()), TEXTOID, -1, false, TYPALIGN_INT));
}

void emit(ReturnSetInfo* rsinfo, const AdviceRow& row) {
  Datum values[kAdviceColumns];
  bool nulls[kAdviceColumns] = {};
  int i = 0;
  values[i++] = name_datum(row.schema_name);
  values[i++] = name_datum(row.table_name);
  values[i++] = CStringGetTextDatum(row.ddl.c_str());
  values[i++] = CStringGetTextDatum(row.kind.c_str());
  values[i++] = text_array(row.columns);
  values[i++] = text_array(row.include);
  if (row.predicate.empty())
    nulls[i++] = true;
  else
    values[i++] = CStringGetTextDatum(row.predicate.c_str());
  values[i++] = Int64GetDatum(static_cast<int64>(row.bytes));
  values[i++] = Float8GetDatum(row.cost_before);
  if (row.measured) {
    values[i++] = Float8GetDatum(row.cost_after);
    values[i++] = Float8GetDatum(row.improvement_pct);
  } else {
    nulls[i++] = true;
    nulls[i++] = true;
  }
  values[i++] = text_array(row.fingerprints);
  values[i++] = Float8GetDatum(row.total_ms);
  values[i++] = CStringGetTextDatum(row.rationale.c_str());
  tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

std::string mib(double bytes) { return fmt::format("{:.1f} MB", bytes / (1024.0 * 1024.0)); }

std::string rationale(const AdviceFacts& f, const std::vector<AdvisedStatement>& statements, const TableInfo& table) {
  const Evaluation& e = f.chosen.evaluation;
  double calls = 0;
  for (int id : e.candidate.statements) calls += statements[id].calls;
  std::string why = fmt::format("serves {} statement{} ({:.0f} calls); planner cost {:.1f} -> {:.1f} per workload "
                                "({:.0f}% less); about {}",
                                e.candidate.statements.size(), e.candidate.statements.size() == 1 ? "" : "s", calls,
                                e.cost_before, e.cost_after, e.improvement_pct(), mib(e.bytes));
  if (f.chosen.ms_per_hour >= 0) {
    why += fmt::format("; saves about {:.0f} ms of statement time per hour of the recorded workload", f.chosen.ms_per_hour);
    if (f.rows_written_per_hour > 0)
      why += fmt::format(", against {:.0f} ms per hour to maintain it ({:.0f} rows written per hour to the table)",
                         f.weighed.write_ms_per_hour, f.rows_written_per_hour);
  }
  if (f.partner != nullptr)
    why += fmt::format("; advised together with the index on {}.{} ({}): neither saves enough alone",
                       f.partner->candidate.schema, f.partner->candidate.table, f.partner->candidate.columns_text());
  if (e.candidate.is_partial())
    why += fmt::format("; partial: the predicate keeps {:.1f}% of {:.0f} rows", 100.0 * e.candidate.predicate_selectivity,
                       table.rows);
  if (e.candidate.is_covering()) why += "; INCLUDE columns allow an index-only scan";
  if (!f.weighed.repeats_unique.empty())
    why += fmt::format("; it repeats the key of the unique index {}: advised only because its index-only scans save "
                       "a large absolute time (at least {:.0f} s per hour)",
                       f.weighed.repeats_unique, advice::kLargeSavingMsPerHour / 1000);
  for (const std::string& name : advice::made_redundant(e.candidate, table.indexes))
    why += fmt::format("; once it is built, the existing index {} is redundant (index_health() lists it: drop it "
                       "then)",
                       name);
  if (f.chosen.only_fast_statements)
    why += fmt::format("; its statements are already fast: advised only because calls are so many that the saving is "
                       "large (at least {:.0f} s per hour)",
                       advice::kLargeSavingMsPerHour / 1000);
  why += advice::partitioned_ddl_note(e.candidate, table.partitions);
  return why;
}

// The columns every row has from its candidate alone.
AdviceRow candidate_row(const IndexCandidate& c, const std::vector<AdvisedStatement>& statements) {
  AdviceRow row;
  row.schema_name = c.schema;
  row.table_name = c.table;
  row.ddl = advice::create_index_ddl(c, quote_ident);
  row.kind = c.kind();
  for (const advice::IndexKey& k : c.keys) {
    std::string key = k.term.is_expression ? k.term.expression : k.term.column;
    if (k.descending) key += " DESC";
    row.columns.push_back(std::move(key));
  }
  row.include = c.include;
  row.predicate = c.predicate_sql;
  row.total_ms = 0;
  for (int id : c.statements) {
    row.fingerprints.push_back(statements[id].fingerprint);
    row.total_ms += statements[id].total_ms;
  }
  return row;
}

}  // namespace

void emit_unvalidated_advice(ReturnSetInfo* rsinfo, const IndexCandidate& c, double bytes,
                             const std::vector<AdvisedStatement>& statements, const TableInfo& table) {
  AdviceRow row = candidate_row(c, statements);
  row.bytes = bytes;
  row.cost_before = 0;
  double calls = 0;
  for (int id : c.statements) {
    row.cost_before += statements[id].cost * statements[id].calls;
    calls += statements[id].calls;
  }
  row.measured = false;
  row.rationale = fmt::format(
      "serves {} statement{} ({:.0f} calls); not validated by the planner: the operator class {} needs the {} "
      "extension, which this database lacks, or keeps in a schema the statements' owner may not use (run "
      "CREATE EXTENSION {}, or grant USAGE on its schema, then ask for advice again to have it measured); judged from the pattern search itself, which no B-tree can serve and which reads all {:.0f} rows "
      "of the table without it; about {}",
      c.statements.size(), c.statements.size() == 1 ? "" : "s", calls, c.keys.front().opclass.name,
      c.missing_extension, c.missing_extension, table.rows, mib(bytes));
  pg_call([&] { emit(rsinfo, row); });
}

void emit_advice(ReturnSetInfo* rsinfo, const AdviceFacts& facts, const std::vector<AdvisedStatement>& statements,
                 const TableInfo& table) {
  const Evaluation& e = facts.chosen.evaluation;
  const double original_cost = facts.chosen.original_cost;
  AdviceRow row = candidate_row(e.candidate, statements);
  row.bytes = e.bytes;
  row.cost_before = e.cost_before;
  row.cost_after = e.cost_after;
  row.improvement_pct = e.improvement_pct();
  row.rationale = rationale(facts, statements, table);
  if (original_cost > e.cost_before * 1.0001)
    row.rationale += fmt::format("; measured with the indexes listed before it in place: {:.0f}% of these statements' "
                                 "cost before any advised index",
                                 100.0 * (e.cost_before - e.cost_after) / original_cost);
  pg_call([&] { emit(rsinfo, row); });
}

}  // namespace insights::pg
