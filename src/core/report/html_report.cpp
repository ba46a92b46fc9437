#include "core/report/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/report/html_sections.h"
#include "core/report/html_text.h"
#include "core/report/svg_chart.h"

namespace insights::report {
namespace {

constexpr const char* kStyle = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:0 2em 3em;color:#1d2430;background:#fff}
h1{font-size:1.5em;margin:.8em 0 .2em}h2{font-size:1.2em;margin:1.6em 0 .4em;border-bottom:1px solid #ccd}
table{border-collapse:collapse;margin:.4em 0;width:100%}th,td{border:1px solid #dde;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#eef1f6}th[data-sort]{cursor:pointer}td.n{text-align:right;white-space:nowrap}
pre{margin:0;white-space:pre-wrap;word-break:break-word;font:12px/1.3 ui-monospace,monospace}
pre.ddl{background:#f4f6f0;padding:4px;user-select:all}
.facts td:first-child{width:16em;font-weight:600}.note{color:#667}.error{color:#a11}
.chart{display:inline-block;margin:.3em 1em .3em 0;vertical-align:top}.chart h4{margin:.2em 0;font-size:.9em}
svg text{font:10px sans-serif;fill:#445}svg .axis{stroke:#99a}svg .bar{fill:#3a6fb0}
svg .line{fill:none;stroke:#b0583a;stroke-width:1.5}svg .point{fill:#b0583a}
.stmt{border:1px solid #dde;padding:.4em .8em;margin:.6em 0}
)";

// Sorting by a column's data-v, largest first. No database text in here.
constexpr const char* kScript = R"(
document.querySelectorAll('table.sortable th[data-sort]').forEach(function (th) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0], i = th.cellIndex;
    Array.prototype.slice.call(body.rows)
      .sort(function (a, b) { return parseFloat(b.cells[i].dataset.v) - parseFloat(a.cells[i].dataset.v); })
      .forEach(function (r) { body.appendChild(r); });
  });
});
)";

double number_or(const Value& v, double fallback) { return v.as_number().value_or(fallback); }

// A number for a chart: within ±1e15 (ms, calls, epoch seconds: far beyond
// any real one), where the charts' logarithms, ratios and spans cannot
// overflow to an infinity or a NaN in the SVG; the fallback as it is (an
// open-ended bucket's +infinity).
double chart_number(const Value& v, double fallback) {
  constexpr double kLimit = 1e15;
  const auto x = v.as_number();
  return x ? std::clamp(*x, -kLimit, kLimit) : fallback;
}

std::string numeric_cell(const Value& v, bool ms) {
  const auto x = v.as_number();
  if (!x) return "<td class=\"n\" data-v=\"0\">–</td>";
  return fmt::format("<td class=\"n\" data-v=\"{}\">{}</td>", *x, html_escape(ms ? format_ms(*x) : format_count(*x)));
}

std::string server_facts(const Value& doc) {
  const Value& server = doc["server"];
  std::string out = "<h2 id=\"server\">Server</h2><table class=\"facts\">";
  auto fact = [&](const char* name, const Value& v) {
    if (!v.is_null() && !v.is_object() && !v.is_array())
      out += fmt::format("<tr><td>{}</td><td>{}</td></tr>", name, html_escape(v.text()));
  };
  fact("report generated", doc["generated_at"]);
  fact("version", server["version"]);
  fact("server started", server["postmaster_start_time"]);
  fact("statistics since", server["statistics_since"]);
  fact("statements tracked", server["statements_tracked"]);
  fact("statements evicted", server["evictions"]);
  fact("statistics could not be read", server["statistics_error"]);
  // Settings by name (jsonb orders keys by length).
  auto settings = server["settings"].members;
  std::sort(settings.begin(), settings.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [name, value] : settings)
    out += fmt::format("<tr><td>{}</td><td>{}</td></tr>", html_escape(name), html_escape(value.text()));
  out += "</table>";
  return out;
}

std::string statement_table(const Value& statements) {
  std::string out =
      "<h2 id=\"statements\">Top statements</h2>"
      "<p class=\"note\">The statements with the most total time, calls, p95 or slow calls. "
      "Click a numeric column's title to sort by it.</p>";
  if (statements.items.empty()) return out + "<p class=\"note\">No statement tracked.</p>";
  out +=
      "<table class=\"sortable\" id=\"statement-table\"><thead><tr><th>fingerprint</th><th>database</th>"
      "<th>role</th><th data-sort=\"total_ms\">total ms</th><th data-sort=\"calls\">calls</th>"
      "<th data-sort=\"mean_ms\">mean ms</th><th data-sort=\"p95_ms\">p95 ms</th>"
      "<th data-sort=\"slow_calls\">slow calls</th><th data-sort=\"rows\">rows</th><th>statement</th></tr></thead><tbody>";
  for (const Value& s : statements.items) {
    const bool charted = s["charted"].text() == "true";
    const std::string fp = html_escape(s["fingerprint"].text());
    out += "<tr>";
    out += charted ? fmt::format("<td><a href=\"#s-{}\">{}</a></td>", html_escape(s["key"].text()), fp)
                   : fmt::format("<td>{}</td>", fp);
    out += fmt::format("<td>{}</td><td>{}</td>", html_escape(s["datname"].text()), html_escape(s["rolname"].text()));
    out += numeric_cell(s["total_ms"], true) + numeric_cell(s["calls"], false) + numeric_cell(s["mean_ms"], true) +
           numeric_cell(s["p95_ms"], true) + numeric_cell(s["slow_calls"], false) + numeric_cell(s["rows"], false);
    out += fmt::format("<td><pre>{}</pre></td></tr>", html_escape(shorten(s["query"].text(), 600)));
  }
  return out + "</tbody></table>";
}

std::string statement_charts(const Value& doc) {
  std::map<std::string, std::vector<HistogramBar>> bars;
  for (const Value& b : doc["buckets"].items)
    bars[b["key"].text()].push_back({chart_number(b["lower_ms"], 0),
                                     chart_number(b["upper_ms"], std::numeric_limits<double>::infinity()),
                                     chart_number(b["calls"], 0)});
  const bool has_history = doc["history"].is_array();
  std::map<std::string, std::vector<SeriesPoint>> calls, p95;
  for (const Value& h : doc["history"].items) {
    const std::string& fp = h["fingerprint"].text();
    const double at = chart_number(h["epoch"], 0);
    calls[fp].push_back({at, chart_number(h["calls"], 0), h["bucket_start"].text()});
    p95[fp].push_back({at, chart_number(h["p95_ms"], 0), h["bucket_start"].text()});
  }
  std::string out = "<h2 id=\"charts\">Latency of the top statements</h2>";
  if (!has_history)
    out += fmt::format("<p class=\"note\">{}</p>",
                       html_escape(doc["history_note"].text().empty() ? "No history of calls and p95 over time."
                                                                       : doc["history_note"].text()));
  int shown = 0;
  for (const Value& s : doc["statements"].items) {
    if (s["charted"].text() != "true") continue;
    ++shown;
    const std::string& key = s["key"].text();
    const std::string& fp = s["fingerprint"].text();
    out += fmt::format(
        "<div class=\"stmt\" id=\"s-{}\"><h3>{} <span class=\"note\">{} / {} — {} calls, p95 {} ms</span></h3>"
        "<pre>{}</pre>",
        html_escape(key), html_escape(fp), html_escape(s["datname"].text()), html_escape(s["rolname"].text()),
        html_escape(format_count(number_or(s["calls"], 0))), html_escape(format_ms(number_or(s["p95_ms"], 0))),
        html_escape(shorten(s["query"].text(), 4000)));
    const auto found = bars.find(key);
    out += fmt::format("<div class=\"chart\" data-key=\"{}\" data-kind=\"histogram\"><h4>calls per latency bucket</h4>{}</div>",
                       html_escape(key), found == bars.end() ? "<p class=\"note\">no calls</p>" : histogram_svg(found->second));
    if (has_history) {
      for (auto* series : {&calls, &p95}) {
        const bool is_calls = series == &calls;
        const auto points = series->find(fp);
        out += fmt::format("<div class=\"chart\" data-fingerprint=\"{}\" data-kind=\"{}\"><h4>{} over time</h4>{}</div>",
                           html_escape(fp), is_calls ? "calls" : "p95", is_calls ? "calls" : "p95 ms",
                           points == series->end() ? "<p class=\"note\">no history yet</p>"
                                                   : series_svg(points->second, is_calls ? "calls" : "p95 ms"));
      }
    }
    out += "</div>";
  }
  if (shown == 0) out += "<p class=\"note\">No statement to chart.</p>";
  return out;
}

}  // namespace

std::string render_html(const Value& doc) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">"
      "<meta name=\"viewport\" content=\"width=device-width\"><title>pg_insights report</title><style>";
  out += kStyle;
  out += "</style></head><body><h1>pg_insights report</h1>";
  out += "<p class=\"note\"><a href=\"#server\">server</a> · <a href=\"#statements\">statements</a> · "
         "<a href=\"#charts\">latency</a> · <a href=\"#index_advice\">index advice</a> · "
         "<a href=\"#regressions\">regressions</a> · <a href=\"#waits\">waits</a> · "
         "<a href=\"#errors\">errors</a> · <a href=\"#plans\">plans</a> · "
         "<a href=\"#pool_advice\">pool advice</a> · <a href=\"#n_plus_one\">N+1</a> · "
         "<a href=\"#unparameterized\">unparameterized</a> · <a href=\"#index_health\">index health</a> · "
         "<a href=\"#slo\">SLO</a> · <a href=\"#maintenance\">maintenance</a></p>";
  out += server_facts(doc);
  out += statement_table(doc["statements"]);
  out += statement_charts(doc);
  out += generic_section("regressions", "Regressions", doc["regressions"]);
  out += generic_section("waits", "Statements mostly waiting on locks or I/O", doc["waits"]);
  out += generic_section("errors", "Errors", doc["errors"]);
  out += generic_section("plans", "Plans of slow calls", doc["plans"]);
  out += index_advice_section(doc["index_advice"]);
  out += pool_advice_section(doc["pool_advice"]);
  out += generic_section("n_plus_one", "N+1 statements", doc["n_plus_one"]);
  out += generic_section("unparameterized", "Unparameterized statements", doc["unparameterized"]);
  out += generic_section("index_health", "Index health", doc["index_health"]);
  out += generic_section("slo", "SLO", doc["slo"]);
  out += generic_section("maintenance", "Maintenance", doc["maintenance"]);
  out += "<script>";
  out += kScript;
  out += "</script></body></html>\n";
  return out;
}

}  // namespace insights::report
