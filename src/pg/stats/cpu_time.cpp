#include "pg/stats/cpu_time.h"

#include <sys/resource.h>
#include <sys/time.h>

#include <algorithm>

namespace insights::pg {
namespace {

constexpr int kLevels = 32;  // deeper executions are not measured

struct Start {
  bool started;
  struct timeval user;
  struct timeval system;
};

Start starts[kLevels];

double ms_between(const struct timeval& from, const struct timeval& to) {
  return static_cast<double>(to.tv_sec - from.tv_sec) * 1000.0 +
         static_cast<double>(to.tv_usec - from.tv_usec) / 1000.0;
}

}  // namespace

int cpu_time_pending = 0;

void cpu_time_start(int level) {
  if (level < 0 || level >= kLevels) return;
  struct rusage usage;
  if (getrusage(RUSAGE_SELF, &usage) != 0) return;
  Start& s = starts[level];
  if (!s.started) ++cpu_time_pending;
  s.started = true;
  s.user = usage.ru_utime;
  s.system = usage.ru_stime;
}

bool cpu_time_take_slow(int level, CpuUsage* out) {
  if (level < 0 || level >= kLevels || !starts[level].started) return false;
  Start& s = starts[level];
  s.started = false;
  --cpu_time_pending;
  struct rusage usage;
  if (getrusage(RUSAGE_SELF, &usage) != 0) return false;
  // Never negative: the clock ticks forward, but a start noted by a cursor
  // at this level before a later one's could be the later one's.
  out->user_time = std::max(0.0, ms_between(s.user, usage.ru_utime));
  out->system_time = std::max(0.0, ms_between(s.system, usage.ru_stime));
  return true;
}

}  // namespace insights::pg
