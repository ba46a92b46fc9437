#include "core/report/html_sections.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/report/html_text.h"

namespace insights::report {
namespace {

constexpr std::size_t kMaxRows = 100;
constexpr std::size_t kMaxColumns = 64;  // a row of report() has at most ~20
constexpr std::size_t kMaxCell = 2000;

// The heading, and the reason when the section has no rows to show.
bool open_section(std::string& out, const char* id, const char* title, const Value& rows) {
  out += fmt::format("<h2 id=\"{}\">{}</h2>", id, title);
  if (rows.is_object()) {
    out += fmt::format("<p class=\"error\">Could not be computed: {} ({})</p>", html_escape(rows["error"].text()),
                       html_escape(rows["sqlstate"].text()));
    return false;
  }
  if (!rows.is_array() || rows.items.empty()) {
    out += "<p class=\"note\">Nothing to report.</p>";
    return false;
  }
  return true;
}

// A cell's text; nested arrays and objects spelled out, a few levels deep
// (render_report_html() takes any document: its depth is not ours to trust).
std::string cell_text(const Value& v, int depth = 0) {
  if (v.is_null()) return "";
  if ((v.is_array() || v.is_object()) && depth >= 4) return "…";
  if (v.is_array()) {
    std::string joined;
    for (const Value& item : v.items) joined += (joined.empty() ? "" : ", ") + cell_text(item, depth + 1);
    return joined;
  }
  if (v.is_object()) {
    std::string joined;
    for (const auto& [k, item] : v.members)
      joined += (joined.empty() ? "" : ", ") + k + ": " + cell_text(item, depth + 1);
    return joined;
  }
  return v.text();
}

std::string more_rows_note(const Value& rows) {
  return rows.items.size() > kMaxRows
             ? fmt::format("<p class=\"note\">{} more rows not shown.</p>", rows.items.size() - kMaxRows)
             : std::string();
}

}  // namespace

std::string shorten(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

std::string index_advice_section(const Value& rows) {
  std::string out;
  if (!open_section(out, "index_advice", "Index advice", rows)) return out;
  out += "<table><thead><tr><th>index to create</th><th>better by</th><th>why</th></tr></thead><tbody>";
  std::size_t n = 0;
  for (const Value& r : rows.items) {
    if (n++ == kMaxRows) break;
    const auto pct = r["est_improvement_pct"].as_number();
    out += fmt::format("<tr><td><pre class=\"ddl\">{}</pre></td><td class=\"n\">{}</td><td>{}</td></tr>",
                       html_escape(r["index_ddl"].text()), pct ? fmt::format("{:.0f}%", *pct) : "–",
                       html_escape(shorten(r["rationale"].text(), kMaxCell)));
  }
  return out + "</tbody></table>" + more_rows_note(rows);
}

std::string pool_advice_section(const Value& rows) {
  std::string out;
  if (!open_section(out, "pool_advice", "Pool advice", rows)) return out;
  out += "<table><thead><tr><th>target</th><th>setting</th><th>recommended</th><th>now</th><th>why</th></tr></thead><tbody>";
  std::size_t n = 0;
  for (const Value& r : rows.items) {
    if (n++ == kMaxRows) break;
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", html_escape(r["target"].text()),
                       html_escape(r["setting"].text()), html_escape(r["recommended_value"].text()),
                       html_escape(r["current_value"].text()), html_escape(shorten(r["rationale"].text(), kMaxCell)));
  }
  return out + "</tbody></table>" + more_rows_note(rows);
}

std::string generic_section(const char* id, const char* title, const Value& rows) {
  std::string out;
  if (!open_section(out, id, title, rows)) return out;
  // The first row's columns, at most kMaxColumns: each cell is looked up
  // by name, so a document of wide rows would cost columns² per row.
  const auto& first = rows.items.front().members;
  const std::size_t columns = std::min(first.size(), kMaxColumns);
  out += "<table><thead><tr>";
  for (std::size_t c = 0; c < columns; ++c) out += fmt::format("<th>{}</th>", html_escape(first[c].first));
  out += "</tr></thead><tbody>";
  std::size_t n = 0;
  for (const Value& r : rows.items) {
    if (n++ == kMaxRows) break;
    out += "<tr>";
    for (std::size_t c = 0; c < columns; ++c) {
      const std::string& name = first[c].first;
      const std::string text = shorten(cell_text(r[name]), kMaxCell);
      out += name == "query" || name == "plan" || name.find("ddl") != std::string::npos
                 ? fmt::format("<td><pre>{}</pre></td>", html_escape(text))
                 : fmt::format("<td>{}</td>", html_escape(text));
    }
    out += "</tr>";
  }
  out += "</tbody></table>" + more_rows_note(rows);
  if (first.size() > columns)
    out += fmt::format("<p class=\"note\">{} more columns not shown.</p>", first.size() - columns);
  return out;
}

}  // namespace insights::report
