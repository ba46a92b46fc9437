#include "pg/advice/sample_analysis.h"

#include <algorithm>
#include <utility>

#include "core/stats/statement_sample.h"
#include "pg/advice/access_extractor.h"
#include "pg/advice/raw_terms.h"
#include "pg/guard.h"
#include "pg/run_as_owner.h"

extern "C" {
#include "utils/elog.h"
}

namespace insights::pg {

using advice::TableAccess;

namespace {

// Analyzes one encoded sample as its owner, with the search_path it ran
// with (kept in s.search_path); the error when it does not analyze.
ErrorData* analyze_sample(AdvisedStatement& s, const std::string& encoded, AnalyzedStatement** out) {
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
}  // namespace

bool prepare_tracked(AdvisedStatement& s) {
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

namespace {

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

}  // namespace

// Deparsed under kSafeSearchPath, so that every name outside pg_catalog is
// schema-qualified in the SQL it yields (predicates, expressions, DDL).
std::vector<TableAccess> table_accesses(const AdvisedStatement& s) {
  List* raw = NIL;
  if (as_owner(s.owner, kSafeSearchPath, [&] { raw = extract_table_accesses(s.analyzed->query, s.analyzed->params); }) != nullptr) return {};
  std::vector<TableAccess> accesses = convert_accesses(raw);
  std::vector<TableAccess> other;
  if (s.other != nullptr) {
    List* other_raw = NIL;
    if (as_owner(s.owner, kSafeSearchPath, [&] { other_raw = extract_table_accesses(s.other->query, s.other->params); }) == nullptr)
      other = convert_accesses(other_raw);
  }
  mark_value_evidence(accesses, other, s.one_literal_text, s.constants_visible);
  if (!s.constants_visible) drop_expressions_with_constants(accesses);
  return accesses;
}

namespace {

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
      pred.opclass = advice::OperatorClass{owned(p->opclass_schema), owned(p->opclass)};
      pred.missing_extension = owned(p->missing_extension);
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

}  // namespace

}  // namespace insights::pg
