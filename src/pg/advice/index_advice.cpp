// insights.index_advice() and insights.index_advice_for(): from tracked
// statements (or one given text) to validated CREATE INDEX statements.
//
//   samples ─ analyze ─ extract table accesses ─ candidates (core) ─ merge
//     ─ drop those existing indexes serve ─ re-plan each statement with each
//     candidate as a hypothetical index ─ choose (core) ─ rows
//
// This is C++ with live objects, so every PostgreSQL call goes through
// pg_call() / pg_call_in_subtransaction() (guard.h); the lambdas passed to
// them touch only C data and references to objects owned outside them.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "pg/advice/access_extractor.h"
#include "core/advice/access.h"
#include "core/advice/candidates.h"
#include "core/advice/selection.h"
#include "pg/compat.h"
#include "pg/guard.h"
#include "pg/advice/hypothetical_index.h"
#include "pgquery/pgquery.h"
#include "pg/run_as_owner.h"
#include "pg/settings.h"
#include "core/stats/statement_sample.h"
#include "pg/stats/store.h"
#include "pg/advice/table_catalog.h"
#include "pg/advice/what_if.h"

extern "C" {
#include "catalog/pg_authid.h"
#include "catalog/pg_type_d.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"
}

extern "C" {
PG_FUNCTION_INFO_V1(insights_index_advice);
PG_FUNCTION_INFO_V1(insights_index_advice_for);
}

namespace insights::pg {
namespace {

using advice::Evaluation;
using advice::IndexCandidate;
using advice::TableAccess;
using advice::TableInfo;

// Bounded work: the statements that take the most total time.
constexpr std::size_t kMaxStatementsAnalyzed = 200;
// A statement is worth an index when a call is slow enough or when it takes
// a visible share of the workload's time.
constexpr double kMinShareOfTotalTime = 0.01;
struct Statement {
  std::string fingerprint;
  // Who ran it, and the search_path its names were resolved with: its
  // samples are analyzed and planned as that role (run_as_owner.h).
  Oid owner = InvalidOid;
  std::string search_path;
  // Whether the caller may see the constants it ran with (a superuser, or a
  // member of the role that ran it). When not, no constant of its samples
  // reaches a row: its predicates never become a partial index's WHERE.
  bool constants_visible = false;
  double calls = 0;
  double total_ms = 0;
  double mean_ms = 0;
  std::vector<std::string> samples;       // encoded (statement_sample.h); the first is planned
  AnalyzedStatement* analyzed = nullptr;  // the first sample, palloc'd
  AnalyzedStatement* other = nullptr;     // a second sample with another text, or nullptr
  // Every call had the first sample's literal text (hashed each call and
  // never different): its constants are fixed.
  bool one_literal_text = false;
  double cost = 0;  // one call, planner cost before any advice
};

// --- reading the store ------------------------------------------------------

struct RawStatement {
  char fingerprint[17];
  Oid owner;
  double calls, total_ms, mean_ms;
  char* samples[kSamplesPerStatement];  // nullptr when absent
  std::uint32_t sample_lengths[kSamplesPerStatement];
  bool one_literal_text;
};

struct StoreCopy {
  List* statements;  // RawStatement*
  Oid user;
  Oid database;
  bool sees_all;
};

void copy_statement(const EntrySnapshot& s, void* arg) {
  auto* copy = static_cast<StoreCopy*>(arg);
  // Nested statements (inside functions) are not standalone SQL; statements
  // of other users only for those who may read their texts.
  if (s.samples[0] == nullptr || !s.key.toplevel || s.key.source != FingerprintSource::kLibpgQuery) return;
  // Another database's statements name objects this one does not have.
  if (s.key.dbid != copy->database) return;
  if (!copy->sees_all && s.key.userid != copy->user) return;
  auto* raw = static_cast<RawStatement*>(palloc(sizeof(RawStatement)));
  const FingerprintText hex = format_fingerprint(s.key.fingerprint);
  memcpy(raw->fingerprint, hex.data(), sizeof raw->fingerprint);
  raw->owner = s.key.userid;
  raw->calls = static_cast<double>(s.counters.calls);
  raw->total_ms = s.counters.total_ms;
  raw->mean_ms = s.counters.mean_ms;
  raw->one_literal_text = s.sample_hash != 0 && s.samples[1] == nullptr && s.counters.calls >= 2;
  for (int k = 0; k < kSamplesPerStatement; ++k) {
    raw->samples[k] = nullptr;
    raw->sample_lengths[k] = 0;
    if (s.samples[k] == nullptr) continue;
    raw->samples[k] = static_cast<char*>(palloc(s.sample_lengths[k]));
    memcpy(raw->samples[k], s.samples[k], s.sample_lengths[k]);
    raw->sample_lengths[k] = s.sample_lengths[k];
  }
  copy->statements = lappend(copy->statements, raw);
}

std::vector<Statement> tracked_statements() {
  StoreCopy copy{NIL, InvalidOid, InvalidOid, false};
  bool caller_is_superuser = false;
  pg_call([&] {
    store_require();
    copy.user = GetUserId();
    copy.database = MyDatabaseId;
    copy.sees_all = has_privs_of_role(copy.user, ROLE_PG_READ_ALL_STATS);
    caller_is_superuser = superuser();
    store_scan(copy_statement, &copy);
  });
  std::vector<Statement> all;
  double workload_ms = 0;
  ListCell* lc;
  foreach (lc, copy.statements) {
    const auto* raw = static_cast<const RawStatement*>(lfirst(lc));
    Statement s;
    s.fingerprint = raw->fingerprint;
    s.owner = raw->owner;
    const Oid caller = copy.user;
    // A role dropped since it ran the statement runs nothing any more.
    if (!pg_call([&] { return SearchSysCacheExists1(AUTHOID, ObjectIdGetDatum(raw->owner)); })) continue;
    s.constants_visible = caller_is_superuser || pg_call([&] { return has_privs_of_role(caller, raw->owner); });
    s.calls = raw->calls;
    s.total_ms = raw->total_ms;
    s.mean_ms = raw->mean_ms;
    s.one_literal_text = raw->one_literal_text;
    for (int k = 0; k < kSamplesPerStatement; ++k)
      if (raw->samples[k] != nullptr) s.samples.emplace_back(raw->samples[k], raw->sample_lengths[k]);
    workload_ms += s.total_ms;
    all.push_back(std::move(s));
  }
  std::vector<Statement> chosen;
  for (Statement& s : all)
    if (s.mean_ms >= settings.advice_min_ms || s.total_ms >= kMinShareOfTotalTime * workload_ms)
      chosen.push_back(std::move(s));
  std::sort(chosen.begin(), chosen.end(), [](const Statement& a, const Statement& b) {
    return a.total_ms != b.total_ms ? a.total_ms > b.total_ms : a.fingerprint < b.fingerprint;
  });
  if (chosen.size() > kMaxStatementsAnalyzed) chosen.resize(kMaxStatementsAnalyzed);
  return chosen;
}

// --- analyzing statements ---------------------------------------------------

// Runs fn as `role` with `search_path` (run_as_owner.h), in a
// subtransaction; the error it raised, or nullptr.
template <typename Fn>
ErrorData* as_owner(Oid role, const std::string& search_path, Fn&& fn) {
  const char* path = search_path.c_str();
  return pg_call_in_subtransaction([&] {
    OwnerScope scope;
    owner_scope_enter(&scope, role, path);
    fn();
    owner_scope_leave(&scope);
  });
}

// Analyzes one encoded sample as its owner, with the search_path it ran
// with (kept in s.search_path); the error when it does not analyze.
ErrorData* analyze_sample(Statement& s, const std::string& encoded, AnalyzedStatement** out) {
  const auto sample = decode_sample(encoded);
  if (!sample) return nullptr;
  s.search_path = sample->search_path.empty() ? kDefaultSearchPath : sample->search_path;
  std::vector<Oid> types;
  std::vector<const char*> values;
  for (const SampleParam& p : sample->params) {
    types.push_back(p.type_oid);
    values.push_back(p.value ? p.value->c_str() : nullptr);
  }
  const SampleParams params{static_cast<int>(types.size()), types.data(), values.data()};
  const char* text = sample->statement.c_str();
  return as_owner(s.owner, s.search_path, [&] { *out = analyze_statement(text, params.count > 0 ? &params : nullptr); });
}

// Analyzes and plans a tracked statement's samples; false (after a NOTICE)
// when the first no longer plans, e.g. its table was dropped.
bool prepare_tracked(Statement& s) {
  AnalyzedStatement* analyzed = nullptr;
  double cost = 0;
  ErrorData* error = analyze_sample(s, s.samples.front(), &analyzed);
  if (error == nullptr && analyzed != nullptr) error = as_owner(s.owner, s.search_path, [&] { cost = plan_cost(analyzed); });
  if (error != nullptr || analyzed == nullptr) {
    // The error may quote the sample's constants: only for those who may see them.
    const std::string message = error == nullptr        ? "the sample is unreadable"
                                : !s.constants_visible ? "it no longer plans as the role that ran it"
                                : error->message       ? error->message
                                                       : "it no longer plans";
    pg_call([&] {
      ereport(NOTICE, (errmsg("pg_insights: skipping statement %s in index advice: %s", s.fingerprint.c_str(),
                              message.c_str())));
    });
    return false;
  }
  s.analyzed = analyzed;
  s.cost = cost;
  // The second sample only tells which constants vary: no plan needed.
  if (s.samples.size() > 1) {
    const std::string first_path = s.search_path;
    if (analyze_sample(s, s.samples[1], &s.other) != nullptr) s.other = nullptr;
    s.search_path = first_path;
  }
  return true;
}

std::string owned(const char* s) { return s != nullptr ? std::string(s) : std::string(); }

advice::KeyTerm term_of(const char* column, const char* expression) {
  return column != nullptr ? advice::KeyTerm::of_column(column) : advice::KeyTerm::of_expression(owned(expression));
}

std::vector<TableAccess> convert_accesses(List* raw);

// What the samples say about each constant: the same in a second execution
// with another text (fixed), different there (varies), or, with one sample,
// fixed when every call had that one text. A value that changes per call
// must not become a partial index's predicate.
void mark_value_evidence(std::vector<TableAccess>& accesses, const std::vector<TableAccess>& other,
                         bool one_literal_text, bool constants_visible) {
  using advice::ValueEvidence;
  for (TableAccess& a : accesses) {
    for (advice::Predicate& p : a.predicates) {
      if (p.constant_sql.empty()) continue;
      if (!constants_visible) {
        p.value = ValueEvidence::kVaries;
        continue;
      }
      p.value = one_literal_text ? ValueEvidence::kFixed : ValueEvidence::kUnknown;
      for (const TableAccess& o : other) {
        if (o.table_oid != a.table_oid) continue;
        for (const advice::Predicate& q : o.predicates) {
          if (q.term != p.term || q.op != p.op) continue;
          if (q.constant_sql == p.constant_sql)
            p.value = ValueEvidence::kFixed;
          else if (p.value != ValueEvidence::kFixed)
            p.value = ValueEvidence::kVaries;
        }
      }
    }
  }
}

// An expression key may hold one of the statement's constants
// (date_trunc('day', ...), a JSON path): for a caller who may not see them,
// any expression with a literal or a digit goes, which is on the safe side.
void drop_expressions_with_constants(std::vector<TableAccess>& accesses) {
  auto holds_constant = [](const advice::KeyTerm& t) {
    return t.is_expression && t.expression.find_first_of("'0123456789") != std::string::npos;
  };
  for (TableAccess& a : accesses) {
    a.predicates.erase(std::remove_if(a.predicates.begin(), a.predicates.end(),
                                      [&](const advice::Predicate& p) { return holds_constant(p.term); }),
                       a.predicates.end());
    a.order_by.erase(std::remove_if(a.order_by.begin(), a.order_by.end(),
                                    [&](const advice::SortKey& k) { return holds_constant(k.term); }),
                     a.order_by.end());
  }
}

// Deparsed under kSafeSearchPath, so that every name outside pg_catalog is
// schema-qualified in the SQL it yields (predicates, expressions, DDL).
std::vector<TableAccess> table_accesses(const Statement& s) {
  List* raw = NIL;
  if (as_owner(s.owner, kSafeSearchPath, [&] { raw = extract_table_accesses(s.analyzed->query); }) != nullptr) return {};
  std::vector<TableAccess> accesses = convert_accesses(raw);
  std::vector<TableAccess> other;
  if (s.other != nullptr) {
    List* other_raw = NIL;
    if (as_owner(s.owner, kSafeSearchPath, [&] { other_raw = extract_table_accesses(s.other->query); }) == nullptr)
      other = convert_accesses(other_raw);
  }
  mark_value_evidence(accesses, other, s.one_literal_text, s.constants_visible);
  if (!s.constants_visible) drop_expressions_with_constants(accesses);
  return accesses;
}

std::vector<TableAccess> convert_accesses(List* raw) {
  std::vector<TableAccess> out;
  ListCell* lc;
  foreach (lc, raw) {
    const auto* r = static_cast<const RawTableAccess*>(lfirst(lc));
    TableAccess a;
    a.table_oid = r->relid;
    a.schema = owned(r->schema);
    a.table = owned(r->table);
    a.has_limit = r->has_limit;
    ListCell* c;
    foreach (c, r->predicates) {
      const auto* p = static_cast<const RawPredicate*>(lfirst(c));
      advice::Predicate pred;
      pred.term = term_of(p->column, p->expression);
      pred.op = static_cast<advice::Op>(p->op);
      pred.constant_sql = owned(p->clause_sql);
      a.predicates.push_back(std::move(pred));
    }
    foreach (c, r->order_by) {
      const auto* k = static_cast<const RawSortKey*>(lfirst(c));
      a.order_by.push_back(advice::SortKey{term_of(k->column, k->expression), k->descending, k->nulls_first});
    }
    foreach (c, r->join_columns) a.join_columns.push_back(static_cast<const char*>(lfirst(c)));
    foreach (c, r->columns_read) a.columns_read.push_back(static_cast<const char*>(lfirst(c)));
    out.push_back(std::move(a));
  }
  return out;
}

// --- the catalog ------------------------------------------------------------

TableInfo table_info(Oid relid) {
  const RawTableInfo* raw = pg_call([&] { return read_table_catalog(relid); });
  TableInfo t;
  t.table_oid = raw->relid;
  t.schema = owned(raw->schema);
  t.table = owned(raw->table);
  t.rows = raw->rows;
  t.pages = raw->pages;
  t.write_ratio = raw->write_ratio;
  for (int i = 0; i < raw->column_count; ++i)
    t.columns.push_back(advice::ColumnInfo{raw->columns[i].name, raw->columns[i].avg_width, raw->columns[i].n_distinct});
  ListCell* lc;
  foreach (lc, raw->indexes) {
    const auto* r = static_cast<const RawIndex*>(lfirst(lc));
    advice::ExistingIndex index;
    index.name = owned(r->name);
    index.valid = r->valid;
    index.predicate_sql = owned(r->predicate);
    for (int k = 0; k < r->key_count; ++k)
      index.keys.push_back(
          advice::IndexKey{term_of(r->keys[k].column, r->keys[k].expression), r->keys[k].descending, r->keys[k].nulls_first});
    ListCell* c;
    foreach (c, r->include) index.include.push_back(static_cast<const char*>(lfirst(c)));
    t.indexes.push_back(std::move(index));
  }
  return t;
}

class Catalog {
 public:
  const TableInfo& table(Oid relid) {
    auto it = tables_.find(relid);
    if (it == tables_.end()) it = tables_.emplace(relid, table_info(relid)).first;
    return it->second;
  }

  // Fills in each constant predicate's selectivity (planner estimate), as
  // the role whose statement the predicates come from.
  void estimate_selectivities(TableAccess& access, Oid owner) {
    for (advice::Predicate& p : access.predicates) {
      if (p.constant_sql.empty()) continue;
      const auto key = std::make_pair(access.table_oid, p.constant_sql);
      auto it = selectivity_.find(key);
      if (it == selectivity_.end()) {
        const Oid relid = access.table_oid;
        const char* clause = p.constant_sql.c_str();
        double selectivity = -1.0;
        ErrorData* error = as_owner(owner, kSafeSearchPath, [&] { selectivity = estimate_selectivity(relid, clause); });
        it = selectivity_.emplace(key, error == nullptr ? selectivity : -1.0).first;
      }
      p.selectivity = it->second;
    }
  }

 private:
  std::map<Oid, TableInfo> tables_;
  std::map<std::pair<Oid, std::string>, double> selectivity_;
};

std::string quote_ident(std::string_view identifier) {
  const std::string in(identifier);
  return pg_call([&] { return quote_identifier(in.c_str()); });
}

// --- what-if planning -------------------------------------------------------

// Builds the candidate as a hypothetical index; nullptr when it cannot be a
// B-tree (a key type without a default operator class) or does not parse.
// Its expressions and predicate come from a statement's text: analyzed as
// that statement's owner.
HypotheticalIndex* hypothetical(const IndexCandidate& c, const TableInfo& table, Oid owner) {
  std::vector<AttrNumber> attnums;
  // Plain arrays for the C side (std::vector<bool> has no data()).
  std::unique_ptr<bool[]> descending(new bool[c.keys.size() + 1]);
  std::unique_ptr<bool[]> nulls_first(new bool[c.keys.size() + 1]);
  std::vector<std::string> expressions;
  std::vector<std::string> columns;
  for (std::size_t i = 0; i < c.keys.size(); ++i) {
    const advice::IndexKey& k = c.keys[i];
    descending[i] = k.descending;
    nulls_first[i] = k.nulls_first;
    if (k.term.is_expression)
      expressions.push_back(k.term.expression);
    else
      columns.push_back(k.term.column);
    attnums.push_back(k.term.is_expression ? 0 : -1);  // resolved below
  }
  for (const std::string& col : c.include) {
    columns.push_back(col);
    attnums.push_back(-1);
  }
  const Oid relid = c.table_oid;
  const double tuples = table.rows * c.predicate_selectivity;
  const double bytes = advice::estimate_index_bytes(c, table);
  HypotheticalIndex* index = nullptr;
  ErrorData* error = as_owner(owner, kSafeSearchPath, [&] {
    std::size_t next_column = 0;
    for (AttrNumber& attnum : attnums) {
      if (attnum == 0) continue;
      attnum = get_attnum(relid, columns[next_column++].c_str());
      if (attnum == InvalidAttrNumber) return;
    }
    List* exprs = NIL;
    for (const std::string& e : expressions) exprs = lappend(exprs, analyze_table_expression(relid, e.c_str()));
    List* predicate = c.predicate_sql.empty() ? NIL : analyze_table_predicate(relid, c.predicate_sql.c_str());
    const HypotheticalIndexSpec spec{relid,
                                     static_cast<int>(c.keys.size()),
                                     static_cast<int>(c.include.size()),
                                     attnums.data(),
                                     exprs,
                                     descending.get(),
                                     nulls_first.get(),
                                     predicate,
                                     tuples,
                                     bytes};
    index = hypothetical_index_create(spec);
  });
  return error == nullptr ? index : nullptr;
}

// The planner for the core's selection: each candidate as a hypothetical
// index, the statement planned as its owner with exactly the asked ones in
// place.
class HypotheticalWhatIf final : public advice::WhatIf {
 public:
  HypotheticalWhatIf(const std::vector<Statement>& statements, const std::vector<HypotheticalIndex*>& indexes)
      : statements_(statements), indexes_(indexes) {}

  double cost(int statement, const std::vector<std::size_t>& in_place) override {
    const Statement& s = statements_[statement];
    const AnalyzedStatement* analyzed = s.analyzed;
    const std::vector<HypotheticalIndex*>& indexes = indexes_;
    // None stays active after this, even when a cancel ends the call
    // (deactivating cannot fail).
    struct DeactivateAll {
      ~DeactivateAll() { hypothetical_index_deactivate_all(); }
    } deactivate_all;
    double cost = -1;
    ErrorData* error = as_owner(s.owner, s.search_path, [&] {
      hypothetical_index_deactivate_all();
      for (std::size_t id : in_place) hypothetical_index_activate(indexes[id]);
      cost = plan_cost(analyzed);
    });
    return error == nullptr ? cost : -1;
  }

 private:
  const std::vector<Statement>& statements_;
  const std::vector<HypotheticalIndex*>& indexes_;
};

// --- output -----------------------------------------------------------------

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
  constexpr int kColumns = 14;
  Datum values[kColumns];
  bool nulls[kColumns] = {};
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

std::string rationale(const Evaluation& e, const std::vector<Statement>& statements, const TableInfo& table,
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
  const double required = advice::required_improvement_pct(min_improvement_pct, e.write_ratio);
  if (required > min_improvement_pct)
    why += fmt::format("; the table is written ({:.2f} rows written per row read), so at least {:.0f}% was required",
                       e.write_ratio, required);
  return why;
}

// One advised index as a row.
void emit_advice(ReturnSetInfo* rsinfo, const Evaluation& e, double original_cost,
                 const std::vector<Statement>& statements, const TableInfo& table, double min_improvement_pct) {
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

void advise(FunctionCallInfo fcinfo, std::vector<Statement> statements, double min_improvement_pct) {
  auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  pg_call([&] { InitMaterializedSRF(fcinfo, 0); });

  Catalog catalog;
  std::vector<IndexCandidate> candidates;
  for (std::size_t id = 0; id < statements.size(); ++id) {
    for (TableAccess& access : table_accesses(statements[id])) {
      const TableInfo& table = catalog.table(access.table_oid);
      catalog.estimate_selectivities(access, statements[id].owner);
      for (IndexCandidate& c : advice::candidates_for(static_cast<int>(id), access, table))
        if (!advice::served_by_any(c, table.indexes)) candidates.push_back(std::move(c));
    }
  }
  candidates = advice::merge_candidates(std::move(candidates));

  // Candidates that cannot be hypothetical indexes (a key type without a
  // B-tree operator class) go; the core chooses among the rest.
  std::vector<advice::WeighedCandidate> weighed;
  std::vector<HypotheticalIndex*> indexes;
  for (IndexCandidate& c : candidates) {
    const TableInfo& table = catalog.table(c.table_oid);
    HypotheticalIndex* index = hypothetical(c, table, statements[c.statements.front()].owner);
    if (index == nullptr) continue;
    indexes.push_back(index);
    const double bytes = advice::estimate_index_bytes(c, table);
    weighed.push_back(advice::WeighedCandidate{std::move(c), bytes, table.write_ratio});
  }
  std::vector<double> calls, costs;
  for (const Statement& s : statements) {
    calls.push_back(s.calls);
    costs.push_back(s.cost);
  }
  HypotheticalWhatIf planner(statements, indexes);
  advice::SelectionLimits limits;
  limits.min_improvement_pct = min_improvement_pct;
  for (const advice::SelectedIndex& chosen : advice::select_indexes(weighed, calls, costs, planner, limits))
    emit_advice(rsinfo, chosen.evaluation, chosen.original_cost, statements,
                catalog.table(chosen.evaluation.candidate.table_oid), min_improvement_pct);
}

void check_threshold(double min_improvement_pct) {
  if (!(min_improvement_pct >= 0 && min_improvement_pct <= 100))
    pg_call([&] {
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                      errmsg("min_improvement_pct must be between 0 and 100, not %g", min_improvement_pct)));
    });
}

}  // namespace
}  // namespace insights::pg

using namespace insights;
using namespace insights::pg;

extern "C" Datum insights_index_advice(PG_FUNCTION_ARGS) {
  const double min_improvement_pct = PG_GETARG_FLOAT8(0);
  return run_guarded([&]() -> Datum {
    check_threshold(min_improvement_pct);
    std::vector<Statement> statements = tracked_statements();
    std::vector<Statement> plannable;
    for (Statement& s : statements)
      if (prepare_tracked(s)) plannable.push_back(std::move(s));
    advise(fcinfo, std::move(plannable), min_improvement_pct);
    return static_cast<Datum>(0);
  });
}

extern "C" Datum insights_index_advice_for(PG_FUNCTION_ARGS) {
  const char* query_text = text_to_cstring(PG_GETARG_TEXT_PP(0));
  const double min_improvement_pct = PG_GETARG_FLOAT8(1);
  // The caller's search_path, taken by the argument's default before the
  // function's own pinned search_path applies.
  const char* search_path = text_to_cstring(PG_GETARG_TEXT_PP(2));
  return run_guarded([&]() -> Datum {
    check_threshold(min_improvement_pct);
    // The caller's own statement, analyzed and planned as the caller inside
    // a security-restricted operation, with PostgreSQL's own errors for
    // text that does not parse, a missing table, a table the caller may not
    // read (as EXPLAIN), or something that is not one plannable statement.
    Statement s;
    s.calls = 1;
    s.owner = pg_call([] { return GetUserId(); });
    s.search_path = search_path;
    s.constants_visible = true;
    if (ErrorData* e = as_owner(s.owner, s.search_path, [&] {
          s.analyzed = analyze_statement(query_text, nullptr);
          s.cost = plan_cost(s.analyzed);
        }))
      throw PgError(e);
    std::uint64_t fingerprint = 0;
    pgquery::ParseError error;
    if (pgquery::fingerprint(query_text, &fingerprint, &error)) s.fingerprint = format_fingerprint(fingerprint).data();
    std::vector<Statement> one;
    one.push_back(std::move(s));
    advise(fcinfo, std::move(one), min_improvement_pct);
    return static_cast<Datum>(0);
  });
}
