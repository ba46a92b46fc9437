#include "core/stats/statement_sample.h"

#include <charconv>
#include <cstring>

namespace insights {
namespace {

struct Output {
  char* out;
  std::size_t capacity;
  std::size_t used;
  bool ok;

  void put(std::string_view s) noexcept {
    if (!ok || capacity - used < s.size()) {
      ok = false;
      return;
    }
    std::memcpy(out + used, s.data(), s.size());
    used += s.size();
  }
};

constexpr char kSearchPathTag = '\x01';

}  // namespace

std::size_t encode_sample(char* out, std::size_t capacity, std::string_view search_path, std::string_view statement,
                          const SampleParamView* params, int param_count) noexcept {
  if (statement.find('\0') != std::string_view::npos || search_path.find('\0') != std::string_view::npos ||
      (!statement.empty() && statement.front() == kSearchPathTag))
    return 0;
  Output o{out, capacity, 0, true};
  if (!search_path.empty()) {
    o.put(std::string_view(&kSearchPathTag, 1));
    o.put(search_path);
    o.put(std::string_view("\0", 1));
  }
  o.put(statement);
  for (int i = 0; i < param_count; ++i) {
    char oid[16];
    const auto [end, ec] = std::to_chars(oid, oid + sizeof oid, params[i].type_oid);
    if (ec != std::errc()) return 0;
    o.put(std::string_view("\0", 1));
    o.put(std::string_view(oid, static_cast<std::size_t>(end - oid)));
    if (params[i].value == nullptr) {
      o.put(":N");
    } else {
      o.put(":V");
      o.put(params[i].value);
    }
  }
  return o.ok ? o.used : 0;
}

std::optional<StatementSample> decode_sample(std::string_view encoded) {
  StatementSample sample;
  if (!encoded.empty() && encoded.front() == kSearchPathTag) {
    const std::size_t end = encoded.find('\0');
    if (end == std::string_view::npos) return std::nullopt;
    sample.search_path = std::string(encoded.substr(1, end - 1));
    encoded.remove_prefix(end + 1);
  }
  std::size_t nul = encoded.find('\0');
  sample.statement = std::string(encoded.substr(0, nul));
  while (nul != std::string_view::npos) {
    const std::size_t start = nul + 1;
    nul = encoded.find('\0', start);
    const std::string_view param = encoded.substr(start, nul == std::string_view::npos ? nul : nul - start);
    const std::size_t colon = param.find(':');
    if (colon == std::string_view::npos || colon + 1 >= param.size()) return std::nullopt;
    SampleParam p;
    const auto [end, ec] = std::from_chars(param.data(), param.data() + colon, p.type_oid);
    if (ec != std::errc() || end != param.data() + colon) return std::nullopt;
    const char tag = param[colon + 1];
    if (tag == 'V')
      p.value = std::string(param.substr(colon + 2));
    else if (tag != 'N' || colon + 2 != param.size())
      return std::nullopt;
    sample.params.push_back(std::move(p));
  }
  return sample;
}

}  // namespace insights
