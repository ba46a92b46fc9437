// insights.report_html(): the page, rendered from the document the
// PostgreSQL side gathered (sql/install/65_report_html.sql builds it from
// the views and functions as the calling user, so the page shows what the
// caller may see). One self-contained HTML file: inline CSS, inline SVG, a
// few lines of inline script to sort the statements; a Content-Security-
// Policy that forbids loading anything.
//
// The document (a report::Value object), every member optional:
//   generated_at, server {version, statistics_since, statements_tracked,
//     evictions, statistics_error, settings {name: value}}
//   statements [{key, fingerprint, datname, rolname, toplevel, query, calls,
//     total_ms, mean_ms, p95_ms, slow_calls, rows, charted}]
//   buckets [{key, lower_ms, upper_ms, calls}]   (charted statements' non-empty buckets)
//   history [{fingerprint, bucket_start, epoch, calls, p95_ms}] or null
//   index_advice, pool_advice, n_plus_one, unparameterized, index_health,
//     slo, maintenance: arrays of rows, or {error, sqlstate}
#pragma once

#include <string>

#include "core/report/report_value.h"

namespace insights::report {

std::string render_html(const Value& document);

}  // namespace insights::report
