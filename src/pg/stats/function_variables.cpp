#include "pg/stats/function_variables.h"

#include "core/stats/variable_references.h"

extern "C" {
#include "common/hashfn.h"
#include "fmgr.h"
#include "nodes/nodeFuncs.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
}

#include <algorithm>
#include <cstring>

namespace insights::pg {
namespace {

// A statement with more references is not noted (its sample is not kept):
// entries stay small, and such statements are rare.
constexpr int kMaxReferences = 24;
// Bounded like the fingerprint cache: dropped whole when full; a statement
// is noted again when its function's plan is next parsed.
constexpr long kMaxStatements = 2048;

struct NotedStatement {
  std::uint64_t query_id;     // hash key
  std::uint32_t source_hash;  // of the whole source text the offsets are in
  std::uint32_t source_length;
  int count;
  VariableReference refs[kMaxReferences];  // sorted by offset, in the source text
};

MemoryContext cache_context = nullptr;
HTAB* cache = nullptr;

struct Collector {
  const char* source;
  std::size_t source_length;
  int count;
  bool overflow;
  VariableReference refs[kMaxReferences];
};

bool collect_params(Node* node, Collector* c) {
  if (node == nullptr) return false;
  if (IsA(node, Param)) {
    const auto* p = reinterpret_cast<const Param*>(node);
    if (p->paramkind != PARAM_EXTERN || p->location < 0) return false;
    const auto offset = static_cast<std::uint32_t>(p->location);
    for (int i = 0; i < c->count; ++i)
      if (c->refs[i].offset == offset) return false;  // the same reference, copied (GROUP BY, ORDER BY)
    if (c->count == kMaxReferences) {
      c->overflow = true;
      return true;
    }
    const std::size_t length = variable_reference_length(std::string_view(c->source, c->source_length), offset);
    if (length == 0) {
      c->overflow = true;  // not a name at that place: do not guess
      return true;
    }
    c->refs[c->count] = VariableReference{offset, static_cast<std::uint32_t>(length), static_cast<std::uint32_t>(p->paramid)};
    ++c->count;
    return false;
  }
  if (IsA(node, Query)) return query_tree_walker(reinterpret_cast<Query*>(node), as_walker(collect_params), c, 0);
  return expression_tree_walker(node, as_walker(collect_params), c);
}

std::uint32_t hash_source(const char* source, std::size_t length) {
  return hash_bytes(reinterpret_cast<const unsigned char*>(source), static_cast<int>(length));
}

void forget_all() {
  if (cache_context != nullptr) MemoryContextDelete(cache_context);
  cache_context = nullptr;
  cache = nullptr;
}

}  // namespace

void note_function_variables(const ParseState* pstate, const Query* query) {
  // Only a statement parsed with a language's hooks, that reads a table
  // (PL/pgSQL parses each expression, `x := a + 1` too, as a statement).
  if (pstate->p_post_columnref_hook == nullptr && pstate->p_paramref_hook == nullptr) return;
  if (query->queryId == 0 || query->rtable == NIL || pstate->p_sourcetext == nullptr) return;
  Collector c;
  c.source = pstate->p_sourcetext;
  c.source_length = strlen(c.source);
  c.count = 0;
  c.overflow = false;
  if (query_tree_walker(const_cast<Query*>(query), as_walker(collect_params), &c, 0) || c.overflow) return;

  const auto query_id = static_cast<std::uint64_t>(query->queryId);
  if (cache != nullptr && hash_get_num_entries(cache) >= kMaxStatements) forget_all();
  if (cache == nullptr) {
    cache_context = AllocSetContextCreate(TopMemoryContext, "pg_insights function variables", ALLOCSET_SMALL_SIZES);
    HASHCTL info{};
    info.keysize = sizeof(std::uint64_t);
    info.entrysize = sizeof(NotedStatement);
    info.hcxt = cache_context;
    cache = hash_create("pg_insights function variables", 64, &info, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
  }
  auto* e = static_cast<NotedStatement*>(hash_search(cache, &query_id, HASH_ENTER, nullptr));
  // Sorted by offset: the walker visits clauses in the Query's order, not the text's.
  std::sort(c.refs, c.refs + c.count,
            [](const VariableReference& a, const VariableReference& b) { return a.offset < b.offset; });
  std::copy(c.refs, c.refs + c.count, e->refs);
  e->count = c.count;
  e->source_hash = hash_source(c.source, c.source_length);
  e->source_length = static_cast<std::uint32_t>(c.source_length);
}

bool sample_with_variables(std::uint64_t query_id, const char* source_text, int location, int length,
                           ParamListInfo params, SampleWithVariables* out) {
  if (cache == nullptr || query_id == 0 || source_text == nullptr || location < 0 || length <= 0) return false;
  const auto* e = static_cast<const NotedStatement*>(hash_search(cache, &query_id, HASH_FIND, nullptr));
  if (e == nullptr) return false;
  const std::size_t source_length = strlen(source_text);
  if (source_length != e->source_length || hash_source(source_text, source_length) != e->source_hash) return false;

  // The references inside this statement, relative to its start.
  VariableReference refs[kMaxReferences];
  int count = 0;
  for (int i = 0; i < e->count; ++i) {
    const VariableReference& r = e->refs[i];
    if (r.offset < static_cast<std::uint32_t>(location) || r.offset + r.length > static_cast<std::uint32_t>(location + length))
      continue;
    refs[count++] = VariableReference{r.offset - static_cast<std::uint32_t>(location), r.length, r.param_id};
  }
  // Each reference becomes "$k": at most as long as its name, but for `$k`
  // replacing a one-letter name; room for that.
  const std::size_t capacity = static_cast<std::size_t>(length) + 4 * count + 1;
  char* text = static_cast<char*>(palloc(capacity));
  std::uint32_t ids[kMaxReferences];
  int id_count = 0;
  const std::size_t written = substitute_variable_references(std::string_view(source_text + location, length), refs,
                                                             count, text, capacity - 1, ids, &id_count);
  if (written == 0) {
    pfree(text);
    return false;
  }
  text[written] = '\0';

  SampleParamView* views = id_count > 0 ? static_cast<SampleParamView*>(palloc(sizeof(SampleParamView) * id_count)) : nullptr;
  auto give_up = [&] {
    pfree(text);
    if (views != nullptr) pfree(views);
    return false;
  };
  for (int k = 0; k < id_count; ++k) {
    const int id = static_cast<int>(ids[k]);
    if (params == nullptr || id < 1 || id > params->numParams) return give_up();
    ParamExternData workspace;
    const ParamExternData* p = params->paramFetch != nullptr ? params->paramFetch(params, id, false, &workspace)
                                                             : &params->params[id - 1];
    // No type: the language does not give this value (PL/pgSQL's answer
    // for a variable the statement does not use): planning with a NULL
    // instead would advise for a plan the statement never has.
    const Oid type = p != nullptr ? p->ptype : InvalidOid;
    if (!OidIsValid(type)) return give_up();
    views[k].type_oid = type;
    views[k].value = nullptr;
    if (p != nullptr && !p->isnull) {
      Oid output;
      bool varlena;
      getTypeOutputInfo(type, &output, &varlena);
      views[k].value = OidOutputFunctionCall(output, p->value);
    }
  }
  *out = SampleWithVariables{text, static_cast<int>(written), views, id_count};
  return true;
}

}  // namespace insights::pg
