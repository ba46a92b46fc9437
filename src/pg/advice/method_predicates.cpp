#include "pg/advice/method_predicates.h"

#include "core/advice/access.h"
#include "pg/advice/index_method.h"

extern "C" {
#include "catalog/pg_am_d.h"
#include "catalog/pg_type_d.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace insights::pg {
namespace {

using advice::Op;

bool is_text_type(Oid type) { return type == TEXTOID || type == VARCHAROID || type == BPCHAROID; }

// The pattern of a LIKE / ILIKE / similarity comparison: a constant string,
// or a parameter's value from a prepared statement's sample; else nullptr.
const char* pattern_value(Node* value, ParamListInfo params) {
  if (IsA(value, Const)) {
    Const* c = reinterpret_cast<Const*>(value);
    return !c->constisnull && is_text_type(c->consttype) ? TextDatumGetCString(c->constvalue) : nullptr;
  }
  if (!IsA(value, Param) || params == nullptr || params->paramFetch != nullptr) return nullptr;
  Param* param = reinterpret_cast<Param*>(value);
  if (param->paramkind != PARAM_EXTERN || param->paramid < 1 || param->paramid > params->numParams) return nullptr;
  const ParamExternData& data = params->params[param->paramid - 1];
  return !data.isnull && is_text_type(data.ptype) ? TextDatumGetCString(data.value) : nullptr;
}

// LIKE 'abc%' can use a B-tree only as a prefix range: a pattern that does
// not start with a wildcard.
bool is_prefix_pattern(const char* pattern) { return pattern[0] != '\0' && pattern[0] != '%' && pattern[0] != '_'; }

// Whether a trigram index can narrow the search: some run of three
// characters without a wildcard (pg_trgm extracts no trigram from '%ab%',
// and its index would be read whole). A backslash escapes the next character.
bool has_trigram(const char* pattern) {
  int run = 0;
  for (const char* p = pattern; *p != '\0'; ++p) {
    if (*p == '%' || *p == '_') {
      run = 0;
      continue;
    }
    if (*p == '\\' && p[1] != '\0') ++p;
    if (++run >= 3) return true;
  }
  return false;
}

// The B-tree class that orders a text type bytewise, serving LIKE 'abc%'
// under any collation; nullptr for another type.
const char* pattern_opclass(Oid type) {
  switch (type) {
    case TEXTOID: return "text_pattern_ops";
    case VARCHAROID: return "varchar_pattern_ops";
    case BPCHAROID: return "bpchar_pattern_ops";
    default: return nullptr;
  }
}

bool found(MethodPredicate* out, Op op, bool constant, const char* opclass_schema = nullptr,
           const char* opclass = nullptr) {
  out->op = static_cast<int>(op);
  out->constant = constant;
  out->opclass_schema = opclass_schema != nullptr ? pstrdup(opclass_schema) : nullptr;
  out->opclass = opclass != nullptr ? pstrdup(opclass) : nullptr;
  out->missing_extension = nullptr;
  return true;
}

// pg_trgm's GIN class, in whichever schema the extension is installed and
// the statement's owner (the current user: accesses are extracted as the
// owner) may use; without it, the predicate says the extension is missing.
// A class in a schema the owner cannot reach is never named to it, nor
// planned with (security test trigram_hidden_schema.sh).
bool trigram(MethodPredicate* out, bool constant) {
  Oid ns = InvalidOid;
  if (OidIsValid(find_usable_operator_class(GIN_AM_OID, "gin_trgm_ops", GetUserId(), &ns)))
    return found(out, Op::kTrigramMatch, constant, get_namespace_name(ns), "gin_trgm_ops");
  found(out, Op::kTrigramMatch, constant, nullptr, "gin_trgm_ops");
  out->missing_extension = pstrdup("pg_trgm");
  return true;
}

// LIKE and ILIKE (~~, ~~*) with a constant pattern, and pg_trgm's
// similarity (%): a B-tree prefix range for LIKE 'abc%' (with a pattern
// class under a non-C collation), a trigram search otherwise.
bool pattern_predicate(Node* term, Node* value, const OpExpr* op, const char* name, ParamListInfo params,
                       MethodPredicate* out) {
  const bool like = strcmp(name, "~~") == 0;
  const bool ilike = strcmp(name, "~~*") == 0;
  const bool similar = strcmp(name, "%") == 0;
  if (!like && !ilike && !similar) return false;
  const char* pattern = pattern_value(value, params);
  if (pattern == nullptr) return false;
  const bool constant = IsA(value, Const);
  if (similar) {
    // Only pg_trgm's operator (another % is no trigram search): its GIN class's family has it.
    const Oid opclass = find_operator_class(GIN_AM_OID, nullptr, "gin_trgm_ops", nullptr);
    if (!OidIsValid(opclass) || !op_in_opfamily(op->opno, get_opclass_family(opclass))) return false;
  }
  if (like && is_prefix_pattern(pattern)) {
    // Under the C collation the default class orders bytewise already.
    const bool bytewise = compat_collation_is_c(exprCollation(term));
    const char* opclass = bytewise ? nullptr : pattern_opclass(exprType(term));
    if (!bytewise && opclass == nullptr) return false;
    return found(out, Op::kLikePrefix, constant, nullptr, opclass);
  }
  if (!similar && !has_trigram(pattern)) return false;
  if (pattern_opclass(exprType(term)) == nullptr) return false;
  return trigram(out, constant);
}

// jsonb containment, jsonpath and key existence, array overlap and
// containment, with the term on the left: GIN's operators.
bool gin_predicate(Node* term, Node* value, const char* name, MethodPredicate* out) {
  const Oid type = exprType(term);
  const bool constant = IsA(value, Const);
  if (type == JSONBOID) {
    if (strcmp(name, "@>") == 0 || strcmp(name, "@?") == 0 || strcmp(name, "@@") == 0)
      return found(out, Op::kJsonbContains, constant, nullptr, "jsonb_path_ops");
    if (strcmp(name, "?") == 0 || strcmp(name, "?|") == 0 || strcmp(name, "?&") == 0)
      return found(out, Op::kJsonbExists, constant);
    return false;
  }
  if (type_is_array(type) && (strcmp(name, "&&") == 0 || strcmp(name, "@>") == 0 || strcmp(name, "<@") == 0))
    return found(out, Op::kArrayMatch, constant);
  return false;
}

}  // namespace

bool method_predicate(Node* term, Node* value, const OpExpr* op, const char* name, ParamListInfo params,
                      MethodPredicate* out) {
  return pattern_predicate(term, value, op, name, params, out) || gin_predicate(term, value, name, out);
}

}  // namespace insights::pg
