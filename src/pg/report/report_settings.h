// insights.top_statements: how many statements the HTML report charts and
// the Prometheus query file exports per metric (contrib/prometheus). Defined
// by module.cpp's define_settings() through define_report_settings().
#pragma once

namespace insights::pg {

inline constexpr int kDefaultTopStatements = 20;
void define_report_settings();

}  // namespace insights::pg
