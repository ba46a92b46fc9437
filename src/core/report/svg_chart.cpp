#include "core/report/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/report/html_text.h"

namespace insights::report {
namespace {

constexpr double kWidth = 480, kHeight = 140, kLeft = 44, kBottom = 20, kTop = 8, kRight = 8;

std::string axis(double y_max, const std::string& left_label, const std::string& right_label) {
  const double plot_bottom = kHeight - kBottom;
  return fmt::format(
      "<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>"
      "<line class=\"axis\" x1=\"{0}\" y1=\"{3}\" x2=\"{0}\" y2=\"{1}\"/>"
      "<text x=\"{4}\" y=\"{5}\" text-anchor=\"end\">{6}</text>"
      "<text x=\"{4}\" y=\"{1}\" text-anchor=\"end\">0</text>"
      "<text x=\"{0}\" y=\"{7}\">{8}</text>"
      "<text x=\"{2}\" y=\"{7}\" text-anchor=\"end\">{9}</text>",
      kLeft, plot_bottom, kWidth - kRight, kTop, kLeft - 4, kTop + 8, html_escape(format_count(y_max)),
      kHeight - 4, html_escape(left_label), html_escape(right_label));
}

// Where a bar starts on the log axis: the first bucket starts at 0, drawn
// as wide as the one after it (else it would stretch the axis to 0).
double drawn_lower(const HistogramBar& b) {
  return b.lower_ms > 0 || !std::isfinite(b.upper_ms) ? b.lower_ms : b.upper_ms / 1.125;
}

}  // namespace

std::string histogram_svg(const std::vector<HistogramBar>& bars) {
  if (bars.empty()) return {};
  // Log axis from the first bar's lower bound to the last finite upper bound
  // (the last bucket, open-ended, is drawn one bucket wide).
  double lo = drawn_lower(bars.front()), hi = 0, peak = 0;
  for (const auto& b : bars) {
    lo = std::min(lo, drawn_lower(b));
    hi = std::max(hi, std::isfinite(b.upper_ms) ? b.upper_ms : b.lower_ms * 1.125);
    peak = std::max(peak, b.calls);
  }
  lo = std::max(lo, 1e-3);
  hi = std::max(hi, lo);  // bounds at or below zero: else 0 × ∞ below
  // At least a factor of 8 wide, so one bar does not fill the whole axis.
  if (hi < lo * 8) {
    const double widen = std::sqrt(lo * 8 / hi);
    lo /= widen;
    hi *= widen;
  }
  const double log_lo = std::log(lo), span = std::log(hi) - log_lo;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto x_of = [&](double ms) { return kLeft + plot_w * (std::log(std::max(ms, lo)) - log_lo) / span; };
  std::string out = fmt::format(
      "<svg class=\"histogram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" "
      "height=\"{}\" role=\"img\"><title>latency histogram: calls per bucket</title>",
      kWidth, kHeight, kWidth, kHeight);
  out += axis(peak, format_ms(lo) + " ms", format_ms(hi) + " ms");
  for (const auto& b : bars) {
    const double upper = std::isfinite(b.upper_ms) ? b.upper_ms : b.lower_ms * 1.125;
    const double x0 = x_of(drawn_lower(b)), x1 = std::max(x_of(upper), x0 + 1.0);
    const double h = peak > 0 ? std::max(1.0, plot_h * b.calls / peak) : 1.0;
    out += fmt::format(
        "<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"><title>{}</title></rect>",
        x0, kTop + plot_h - h, x1 - x0, h,
        html_escape(fmt::format("{} – {} ms: {} calls", format_ms(b.lower_ms),
                                std::isfinite(b.upper_ms) ? format_ms(b.upper_ms) : std::string("∞"),
                                format_count(b.calls))));
  }
  out += "</svg>";
  return out;
}

std::string series_svg(const std::vector<SeriesPoint>& points, const std::string& what) {
  if (points.empty()) return {};
  double x_lo = points.front().x, x_hi = x_lo, peak = 0;
  for (const auto& p : points) {
    x_lo = std::min(x_lo, p.x);
    x_hi = std::max(x_hi, p.x);
    peak = std::max(peak, p.y);
  }
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto x_of = [&](double x) { return x_hi > x_lo ? kLeft + plot_w * (x - x_lo) / (x_hi - x_lo) : kLeft + plot_w / 2; };
  auto y_of = [&](double y) { return kTop + plot_h - (peak > 0 ? plot_h * y / peak : 0); };
  std::string out = fmt::format(
      "<svg class=\"series\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" "
      "height=\"{}\" role=\"img\"><title>{} over time</title>",
      kWidth, kHeight, kWidth, kHeight, html_escape(what));
  out += axis(peak, points.front().label, points.back().label);
  std::string line;
  for (const auto& p : points) line += fmt::format("{:.1f},{:.1f} ", x_of(p.x), y_of(p.y));
  out += fmt::format("<polyline class=\"line\" points=\"{}\"/>", line);
  for (const auto& p : points)
    out += fmt::format("<circle class=\"point\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\"><title>{}</title></circle>",
                       x_of(p.x), y_of(p.y), html_escape(fmt::format("{}: {} {}", p.label, format_ms(p.y), what)));
  out += "</svg>";
  return out;
}

}  // namespace insights::report
