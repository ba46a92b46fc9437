// A nested statement's references to the variables of the function it runs
// in, so that its sample re-plans outside the function with them as
// parameters (core/stats/variable_references.h).
//
// A procedural language resolves its variables when the statement is
// parsed, through the parser hooks it installs (PL/pgSQL's
// plpgsql_parser_setup, SQL functions' sql_fn_parser_setup): each becomes
// a PARAM_EXTERN Param whose location is where the name starts. The
// post_parse_analyze hook notes those locations per query id, backend-local
// and bounded; when an execution is kept as a sample, the text gets $1..$k
// in their place and the values come from the execution's ParamListInfo
// (through paramFetch for PL/pgSQL, as copyParamList reads them).
#pragma once

#include <cstdint>

#include "core/stats/statement_sample.h"
#include "pg/compat.h"

extern "C" {
#include "nodes/params.h"
#include "parser/parse_node.h"
}

namespace insights::pg {

// For a statement parsed inside a function: notes its variable references
// when it was parsed with a language's hooks and reads a table.
void note_function_variables(const ParseState* pstate, const Query* query);

struct SampleWithVariables {
  char* statement;  // palloc'd, NUL-terminated
  int length;
  SampleParamView* params;  // palloc'd, nullptr when none
  int param_count;
};

// The statement at [location, location+length) of source_text (as the
// capture found it) with its variable references as $1..$k and their
// values; false when its references were not noted (or no longer match the
// text, or a value cannot be read).
bool sample_with_variables(std::uint64_t query_id, const char* source_text, int location, int length,
                           ParamListInfo params, SampleWithVariables* out);

}  // namespace insights::pg
