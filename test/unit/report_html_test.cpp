// The HTML report's rendering (src/core/report): escaping, the charts'
// elements, the sections, and a whole page from a document.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "core/report/html_report.h"
#include "core/report/html_sections.h"
#include "core/report/html_text.h"
#include "core/report/svg_chart.h"

using namespace insights::report;

namespace {

int occurrences(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

Value statement(const std::string& key, const std::string& query, double total_ms, bool charted) {
  Value s = Value::object();
  s.add("key", Value::string(key)).add("fingerprint", Value::string(key.substr(0, 16)));
  s.add("datname", Value::string("db")).add("rolname", Value::string("role")).add("query", Value::string(query));
  s.add("calls", Value::number(3)).add("total_ms", Value::number(total_ms)).add("mean_ms", Value::number(total_ms / 3));
  s.add("p95_ms", Value::number(2.5)).add("slow_calls", Value::number(1)).add("rows", Value::number(3));
  s.add("charted", Value::boolean(charted));
  return s;
}

Value bucket(const std::string& key, double lower, double upper, double calls) {
  Value b = Value::object();
  b.add("key", Value::string(key)).add("lower_ms", Value::number(lower)).add("calls", Value::number(calls));
  b.add("upper_ms", std::isfinite(upper) ? Value::number(upper) : Value::null());
  return b;
}

}  // namespace

TEST(ReportHtml, EscapesMarkupAndQuotes) {
  EXPECT_EQ(html_escape("</script><img src=x onerror=alert(1)>"),
            "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(html_escape("a & \"b\" 'c'"), "a &amp; &quot;b&quot; &#39;c&#39;");
  EXPECT_EQ(html_escape("tab\tnew\nline"), "tab\tnew\nline");
}

TEST(ReportHtml, KeepsUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(html_escape("café ∞ 🐘"), "café ∞ 🐘");
  EXPECT_EQ(html_escape("a\xff" "b"), "a\xEF\xBF\xBD" "b");       // stray byte
  EXPECT_EQ(html_escape("\xC3"), "\xEF\xBF\xBD");                 // cut sequence
  EXPECT_EQ(html_escape("\xC0\xBC"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '<'
  EXPECT_EQ(html_escape(std::string("x\0y\x01z", 5)), "xyz");     // control characters dropped
}

TEST(ReportHtml, ShortensAtACharacterBoundary) {
  EXPECT_EQ(shorten("abc", 3), "abc");
  EXPECT_EQ(shorten("abcdef", 3), "abc…");
  EXPECT_EQ(shorten("aé", 2), "a…");  // é is two bytes: never cut inside it
}

TEST(ReportHtml, FormatsNumbers) {
  EXPECT_EQ(format_count(0), "0");
  EXPECT_EQ(format_count(1234567), "1,234,567");
  EXPECT_EQ(format_count(2.5), "2.5");
  EXPECT_EQ(format_ms(1234.4), "1234");
  EXPECT_EQ(format_ms(12.345), "12.35");
  EXPECT_EQ(format_ms(0.0184), "0.018");
}

TEST(ReportHtml, HistogramHasOneBarPerBucket) {
  EXPECT_EQ(histogram_svg({}), "");
  const std::string svg = histogram_svg({{0.016, 0.018, 5}, {1.024, 1.152, 2},
                                         {134217.728, std::numeric_limits<double>::infinity(), 1}});
  EXPECT_EQ(occurrences(svg, "class=\"bar\""), 3);
  EXPECT_NE(svg.find("134218 – ∞ ms: 1 calls"), std::string::npos);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
}

TEST(ReportHtml, SeriesHasOnePointPerRowAndEscapesLabels) {
  const std::string svg = series_svg({{0, 1, "<t0>"}, {60, 3, "t1"}, {120, 2, "t2"}}, "calls");
  EXPECT_EQ(occurrences(svg, "class=\"point\""), 3);
  EXPECT_EQ(svg.find("<t0>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;t0&gt;"), std::string::npos);
  // One point: drawn in the middle, no division by zero.
  EXPECT_EQ(occurrences(series_svg({{5, 0, "t"}}, "p95 ms"), "class=\"point\""), 1);
}

TEST(ReportHtml, PageEscapesEveryDatabaseText) {
  const std::string hostile = "SELECT * FROM \"</script><img src=x onerror=alert(1)>\"";
  Value doc = Value::object();
  doc.add("generated_at", Value::string("<now>"));
  Value server = Value::object();
  server.add("version", Value::string("PostgreSQL <b>15</b>"));
  Value settings = Value::object();
  settings.add("insights.<x>", Value::string("<y>"));
  server.add("settings", std::move(settings));
  doc.add("server", std::move(server));
  Value statements = Value::array();
  statements.push(statement("aaaaaaaaaaaaaaaa-10-5-t", hostile, 30, true));
  statements.push(statement("bbbbbbbbbbbbbbbb-10-5-t", "SELECT 1", 10, false));
  doc.add("statements", std::move(statements));
  Value buckets = Value::array();
  buckets.push(bucket("aaaaaaaaaaaaaaaa-10-5-t", 1.024, 1.152, 2));
  buckets.push(bucket("aaaaaaaaaaaaaaaa-10-5-t", 2.048, 2.304, 1));
  buckets.push(bucket("bbbbbbbbbbbbbbbb-10-5-t", 0.016, 0.018, 9));  // not charted
  doc.add("buckets", std::move(buckets));
  Value advice = Value::array();
  Value index = Value::object();
  index.add("index_ddl", Value::string("CREATE INDEX ON \"<t>\" (a)"));
  index.add("est_improvement_pct", Value::number(87.4)).add("rationale", Value::string("because <reasons>"));
  advice.push(std::move(index));
  doc.add("index_advice", std::move(advice));
  Value failed = Value::object();
  failed.add("error", Value::string("boom <x>")).add("sqlstate", Value::string("XX000"));
  doc.add("maintenance", std::move(failed));

  const std::string html = render_html(doc);
  EXPECT_EQ(occurrences(html, "</script>"), 1);  // the page's own script only
  EXPECT_EQ(occurrences(html, "<script>"), 1);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>15"), std::string::npos);
  EXPECT_EQ(html.find("<x>"), std::string::npos);
  EXPECT_EQ(html.find("<y>"), std::string::npos);
  EXPECT_EQ(html.find("<t>"), std::string::npos);
  EXPECT_EQ(html.find("<now>"), std::string::npos);
  EXPECT_NE(html.find("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  // Charts: the charted statement's two buckets, not the other's.
  EXPECT_EQ(occurrences(html, "data-kind=\"histogram\""), 1);
  EXPECT_EQ(occurrences(html, "class=\"bar\""), 2);
  // Sections.
  EXPECT_NE(html.find("<pre class=\"ddl\">CREATE INDEX ON &quot;&lt;t&gt;&quot; (a)</pre>"), std::string::npos);
  EXPECT_NE(html.find("87%"), std::string::npos);
  EXPECT_NE(html.find("Could not be computed: boom &lt;x&gt; (XX000)"), std::string::npos);
  EXPECT_NE(html.find("No history of calls and p95 over time."), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  // Nothing that loads from elsewhere.
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(html.find("https://"), std::string::npos);
}

TEST(ReportHtml, HistoryDrawsCallsAndP95PerFingerprint) {
  Value doc = Value::object();
  Value statements = Value::array();
  statements.push(statement("aaaaaaaaaaaaaaaa-10-5-t", "SELECT 1", 30, true));
  doc.add("statements", std::move(statements));
  Value history = Value::array();
  for (int i = 0; i < 4; ++i) {
    Value h = Value::object();
    h.add("fingerprint", Value::string("aaaaaaaaaaaaaaaa")).add("epoch", Value::number(60.0 * i));
    h.add("bucket_start", Value::string("t")).add("calls", Value::number(i)).add("p95_ms", Value::number(1.5 * i));
    history.push(std::move(h));
  }
  doc.add("history", std::move(history));
  const std::string html = render_html(doc);
  EXPECT_EQ(occurrences(html, "data-kind=\"calls\""), 1);
  EXPECT_EQ(occurrences(html, "data-kind=\"p95\""), 1);
  EXPECT_EQ(occurrences(html, "class=\"point\""), 8);
  EXPECT_EQ(html.find("No history"), std::string::npos);
}

TEST(ReportHtml, ValueReadsByName) {
  Value v = Value::object();
  v.add("n", Value::number(2.5)).add("s", Value::string("7")).add("t", Value::string("x"));
  EXPECT_EQ(v["n"].as_number(), 2.5);
  EXPECT_EQ(v["s"].as_number(), 7.0);
  EXPECT_FALSE(v["t"].as_number());
  EXPECT_TRUE(v["missing"].is_null());
  EXPECT_TRUE(v["n"]["deeper"].is_null());
}

TEST(ReportHtml, FirstBucketIsDrawnOneBucketWide) {
  // [0, 0.018) ms next to [1.024, 1.152): the axis starts near 0.016 ms,
  // not at the clamp, so the first bar is as narrow as a bucket is.
  const std::string svg = histogram_svg({{0, 0.018, 5}, {1.024, 1.152, 2}});
  EXPECT_NE(svg.find(">0.016 ms<"), std::string::npos) << svg;
}

TEST(ReportHtml, BucketsAtOrBelowZeroDrawNoNan) {
  // Bounds a hostile document gives: zero or negative, never a real bucket.
  const std::string one = histogram_svg({{0, 0, 1}}), two = histogram_svg({{-5, -1, 2}, {0, 0, 0}});
  EXPECT_EQ(occurrences(one, "class=\"bar\""), 1);
  EXPECT_EQ(occurrences(two, "class=\"bar\""), 2);
  for (const std::string& svg : {one, two}) {
    EXPECT_EQ(svg.find("nan"), std::string::npos) << svg;
    EXPECT_EQ(svg.find("inf"), std::string::npos) << svg;
  }
}

TEST(ReportHtml, ExtremeNumbersChartWithoutNanOrInfinity) {
  Value doc = Value::object();
  Value statements = Value::array();
  statements.push(statement("k", "SELECT 1", 1e300, true));
  doc.add("statements", std::move(statements));
  Value buckets = Value::array();
  buckets.push(bucket("k", 1e300, 1e308, 1e300)).push(bucket("k", -1e300, 0, -1));
  doc.add("buckets", std::move(buckets));
  Value history = Value::array();
  for (double at : {-1e308, 1e308}) {
    Value h = Value::object();
    h.add("fingerprint", Value::string("k")).add("epoch", Value::number(at));
    h.add("calls", Value::number(1e300)).add("p95_ms", Value::number(-1e300)).add("bucket_start", Value::string("t"));
    history.push(std::move(h));
  }
  doc.add("history", std::move(history));
  const std::string html = render_html(doc);
  EXPECT_EQ(occurrences(html, "class=\"bar\""), 2);
  EXPECT_EQ(occurrences(html, "class=\"point\""), 4);
  EXPECT_EQ(html.find("\"nan"), std::string::npos);
  EXPECT_EQ(html.find("\"-nan"), std::string::npos);
  EXPECT_EQ(html.find("\"inf"), std::string::npos);
  EXPECT_EQ(html.find("\"-inf"), std::string::npos);
}

TEST(ReportHtml, SectionShowsAtMost64Columns) {
  Value rows = Value::array();
  for (int r = 0; r < 3; ++r) {
    Value row = Value::object();
    for (int c = 0; c < 1000; ++c) row.add("c" + std::to_string(c), Value::number(c));
    rows.push(std::move(row));
  }
  const std::string html = generic_section("slo", "SLO", rows);
  EXPECT_EQ(occurrences(html, "<th>"), 64);
  EXPECT_EQ(occurrences(html, "<td>"), 3 * 64);
  EXPECT_NE(html.find("936 more columns not shown."), std::string::npos);
}
