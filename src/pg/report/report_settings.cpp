#include "pg/report/report_settings.h"

#include "pg/compat.h"

extern "C" {
#include "utils/guc.h"
}

namespace insights::pg {
namespace {
int top_statements = kDefaultTopStatements;
}

void define_report_settings() {
  // Read by SQL only (current_setting): insights.report_html() and the
  // exporter's queries. Any role may lower or raise it for its session (the
  // exporter's role: ALTER ROLE … SET insights.top_statements = 50).
  DefineCustomIntVariable("insights.top_statements",
                          "Statements insights.report_html() charts and the Prometheus queries export per metric.",
                          "The statements with the most total time. Bounds the series of the exporter's "
                          "per-statement metrics (and their histograms).",
                          &top_statements, kDefaultTopStatements, 1, 1000, PGC_USERSET, 0, nullptr, nullptr, nullptr);
}

}  // namespace insights::pg
