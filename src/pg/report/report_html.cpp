// insights.render_report_html(jsonb): the document insights.report_html()
// gathered (sql/install/65_report_html.sql), converted to the core's value
// tree and rendered by core/report/html_report.cpp. A bridge: C++ objects
// live across the jsonb iteration, so every PostgreSQL call goes through
// pg_call().
#include "core/report/html_report.h"
#include "core/report/report_value.h"
#include "pg/compat.h"
#include "pg/sql_function.h"

extern "C" {
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
}

#include <string>
#include <vector>

namespace insights::pg {
namespace {

using report::Value;

// Deeper than any document report_html() makes (a few levels), and shallow
// enough that the tree's recursive destruction stays far from the stack's
// end: a jsonb value can be nested hundreds of thousands of levels deep.
constexpr std::size_t kMaxDepth = 64;

Value scalar(const JsonbValue& v) {
  switch (v.type) {
    case jbvString:
      return Value::string(std::string(v.val.string.val, static_cast<std::size_t>(v.val.string.len)));
    case jbvBool:
      return Value::boolean(v.val.boolean);
    case jbvNumeric: {
      Numeric n = v.val.numeric;
      const char* text = pg_call([n] { return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n))); });
      Value out = Value::string(text);
      out.kind = Value::Kind::kNumber;
      return out;
    }
    default:
      return Value::null();
  }
}

// The jsonb as a tree, in document order (jsonb keeps an object's keys
// sorted by length, then bytes).
Value to_value(Jsonb* document) {
  JsonbIterator* it = pg_call([document] { return JsonbIteratorInit(&document->root); });
  std::vector<Value> open;          // containers being filled
  std::vector<std::string> keys;    // per open object, the key of the value to come
  Value result;
  for (;;) {
    JsonbValue v;
    // A large document takes a while: a cancel or statement_timeout ends it.
    const JsonbIteratorToken token = pg_call([&it, &v] {
      CHECK_FOR_INTERRUPTS();
      return JsonbIteratorNext(&it, &v, false);
    });
    if (token == WJB_DONE) break;
    switch (token) {
      case WJB_BEGIN_ARRAY:
      case WJB_BEGIN_OBJECT:
        if (open.size() == kMaxDepth)
          pg_call([] {
            ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                            errmsg("the report document is nested more than %d levels deep", static_cast<int>(kMaxDepth)),
                            errdetail("The documents insights.report_html() makes are a few levels deep.")));
          });
        open.push_back(token == WJB_BEGIN_ARRAY ? Value::array() : Value::object());
        keys.emplace_back();
        break;
      case WJB_KEY:
        keys.back().assign(v.val.string.val, static_cast<std::size_t>(v.val.string.len));
        break;
      case WJB_VALUE:
        open.back().add(keys.back(), scalar(v));
        break;
      case WJB_ELEM:
        open.back().push(scalar(v));
        break;
      case WJB_END_ARRAY:
      case WJB_END_OBJECT: {
        Value done = std::move(open.back());
        open.pop_back();
        keys.pop_back();
        if (open.empty())
          result = std::move(done);
        else if (open.back().is_object())
          open.back().add(keys.back(), std::move(done));
        else
          open.back().push(std::move(done));
        break;
      }
      default:
        break;
    }
  }
  return result;
}

}  // namespace
}  // namespace insights::pg

using namespace insights;
using namespace insights::pg;

INSIGHTS_SQL_FUNCTION(insights_render_report_html) {
  Jsonb* document = PG_GETARG_JSONB_P(0);  // detoasted before any C++ object lives
  if (!JB_ROOT_IS_OBJECT(document))
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("the report document must be a jsonb object")));
  text* result;
  {
    const std::string html = report::render_html(to_value(document));
    result = pg_call([&html] { return cstring_to_text_with_len(html.data(), static_cast<int>(html.size())); });
  }
  PG_RETURN_TEXT_P(result);
}
