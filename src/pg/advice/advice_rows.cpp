#include "pg/advice/advice_rows.h"

#include "core/advice/ddl.h"

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
  values[i++] = Float8GetDatum(row.cost_after);
  values[i++] = Float8GetDatum(row.improvement_pct);
  values[i++] = text_array(row.fingerprints);
  values[i++] = Float8GetDatum(row.total_ms);
  values[i++] = CStringGetTextDatum(row.rationale.c_str());
  tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

std::string rationale(const Evaluation& e, const std::vector<AdvisedStatement>& statements, const TableInfo& table,
                      double min_improvement_pct) {
  double calls = 0;
  for (int id : e.candidate.statements) calls += statements[id].calls;
  std::string why = fmt::format("serves {} statement{} ({:.0f} calls); planner cost {:.1f} -> {:.1f} per workload "
                                "({:.0f}% less); about {:.1f} MB",
                                e.candidate.statements.size(), e.candidate.statements.size() == 1 ? "" : "s", calls,
                                e.cost_before, e.cost_after, e.improvement_pct(), e.bytes / (1024.0 * 1024.0));
  if (e.candidate.is_partial())
    why += fmt::format("; partial: the predicate keeps {:.1f}% of {:.0f} rows", 100.0 * e.candidate.predicate_selectivity,
                       table.rows);
  if (e.candidate.is_covering()) why += "; INCLUDE columns allow an index-only scan";
  why += advice::partitioned_ddl_note(e.candidate, table.partitions);
  const double required = advice::required_improvement_pct(min_improvement_pct, e.write_ratio);
  if (required > min_improvement_pct)
    why += fmt::format("; the table is written ({:.2f} rows written per row read), so at least {:.0f}% was required",
                       e.write_ratio, required);
  return why;
}

}  // namespace

void emit_advice(ReturnSetInfo* rsinfo, const Evaluation& e, double original_cost,
                 const std::vector<AdvisedStatement>& statements, const TableInfo& table, double min_improvement_pct) {
  const IndexCandidate& c = e.candidate;
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
  row.bytes = e.bytes;
  row.cost_before = e.cost_before;
  row.cost_after = e.cost_after;
  row.improvement_pct = e.improvement_pct();
  row.total_ms = 0;
  for (int id : c.statements) {
    row.fingerprints.push_back(statements[id].fingerprint);
    row.total_ms += statements[id].total_ms;
  }
  row.rationale = rationale(e, statements, table, min_improvement_pct);
  if (original_cost > e.cost_before * 1.0001)
    row.rationale += fmt::format("; measured with the indexes listed before it in place: {:.0f}% of these statements' "
                                 "cost before any advised index",
                                 100.0 * (e.cost_before - e.cost_after) / original_cost);
  pg_call([&] { emit(rsinfo, row); });
}

}  // namespace insights::pg
