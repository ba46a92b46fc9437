#include "core/stats/history.h"

#include <cstring>

namespace insights {

std::int64_t bucket_start(std::int64_t t, std::int64_t length) noexcept {
  std::int64_t q = t / length;
  if (t % length != 0 && t < 0) --q;  // C++ division truncates toward zero
  return q * length;
}

const char* wait_class_name(int wait_class) noexcept {
  // PG_WAIT_LWLOCK 0x01, LOCK 0x03, BUFFER_PIN 0x04, ACTIVITY 0x05, CLIENT
  // 0x06, EXTENSION 0x07, IPC 0x08, TIMEOUT 0x09, IO 0x0A; 0x02 is unused.
  static const char* const names[kWaitClasses] = {"CPU",       "LWLock", "", "Lock",    "BufferPin", "Activity",
                                                  "Client",    "Extension", "IPC", "Timeout", "IO"};
  if (wait_class < 0 || wait_class >= kWaitClasses || wait_class == 2) return nullptr;
  return names[wait_class];
}

int wait_class_of(std::uint32_t wait_event_info) noexcept {
  const int type = static_cast<int>(wait_event_info >> 24);
  // A class a newer server might add is counted with Extension's (0x07)
  // rather than dropped: the sample still says "not on CPU".
  return type < kWaitClasses && wait_class_name(type) != nullptr ? type : 0x07;
}

bool HistoryDelta::empty() const noexcept {
  if (calls != 0) return false;
  for (std::uint32_t w : wait_samples)
    if (w != 0) return false;
  return true;
}

bool continues(const StatementCounters& now, const StatementCounters& before) noexcept {
  return now.first_seen == before.first_seen && now.calls >= before.calls && now.total_ms >= before.total_ms &&
         now.slow_calls >= before.slow_calls && now.rows >= before.rows;
}

HistoryDelta history_delta(const StatementCounters& now, const StatementCounters* before) noexcept {
  if (before != nullptr && !continues(now, *before)) before = nullptr;
  HistoryDelta d;
  std::memset(&d, 0, sizeof d);
  const auto minus = [&](std::int64_t a, std::int64_t b) { return before != nullptr ? a - b : a; };
  d.calls = static_cast<std::uint32_t>(minus(now.calls, before ? before->calls : 0));
  d.slow_calls = static_cast<std::uint32_t>(minus(now.slow_calls, before ? before->slow_calls : 0));
  d.rows = minus(now.rows, before ? before->rows : 0);
  d.total_ms = before != nullptr ? now.total_ms - before->total_ms : now.total_ms;
  d.shared_blks_hit = minus(now.blocks.shared_blks_hit, before ? before->blocks.shared_blks_hit : 0);
  d.shared_blks_read = minus(now.blocks.shared_blks_read, before ? before->blocks.shared_blks_read : 0);
  d.latency = CoarseHistogram::delta(now.latency, before != nullptr ? &before->latency : nullptr);
  return d;
}

}  // namespace insights
