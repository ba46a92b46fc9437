// Inline SVG charts for the HTML report: no script, no external resource.
// Each data point is one element with a class the browser test counts:
// a histogram bar is <rect class="bar">, a point of a time series
// <circle class="point">.
#pragma once

#include <string>
#include <vector>

namespace insights::report {

// One non-empty bucket of a statement's latency histogram.
struct HistogramBar {
  double lower_ms;
  double upper_ms;  // +infinity for the last bucket
  double calls;
};

// Bars on a logarithmic time axis, heights proportional to calls. The title
// of each bar says its range and count. Empty when there is no bar.
std::string histogram_svg(const std::vector<HistogramBar>& bars);

struct SeriesPoint {
  double x;        // seconds since the epoch
  double y;
  std::string label;  // shown as the point's title (escaped here)
};

// A line through the points, on a linear time axis, y from 0 to the
// largest value; `what` names the value ("calls", "p95 ms").
std::string series_svg(const std::vector<SeriesPoint>& points, const std::string& what);

}  // namespace insights::report
