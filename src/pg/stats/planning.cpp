#include "pg/stats/planning.h"

namespace insights::pg {
namespace {

// Deeper plannings are not counted (a statement nested this deep inside
// functions is rare, and the array stays small).
constexpr int kLevels = 32;

struct Noted {
  std::uint64_t query_id;  // 0: none
  double ms;
  BlockUsage usage;  // buffers and WAL of the planning
};

Noted noted[kLevels];

}  // namespace

int pending_plannings = 0;

void note_planning(int level, std::uint64_t query_id, double ms, const BufferUsage& buffers, const WalUsage& wal) {
  if (level < 0 || level >= kLevels || query_id == 0) return;
  Noted& n = noted[level];
  if (n.query_id == 0) ++pending_plannings;
  n.query_id = query_id;
  n.ms = ms;
  BlockUsage& u = n.usage;
  u.shared_blks_hit = buffers.shared_blks_hit;
  u.shared_blks_read = buffers.shared_blks_read;
  u.shared_blks_dirtied = buffers.shared_blks_dirtied;
  u.shared_blks_written = buffers.shared_blks_written;
  u.local_blks_hit = buffers.local_blks_hit;
  u.local_blks_read = buffers.local_blks_read;
  u.local_blks_dirtied = buffers.local_blks_dirtied;
  u.local_blks_written = buffers.local_blks_written;
  u.temp_blks_read = buffers.temp_blks_read;
  u.temp_blks_written = buffers.temp_blks_written;
  u.shared_blk_read_time = compat_shared_blk_read_time(buffers);
  u.shared_blk_write_time = compat_shared_blk_write_time(buffers);
  u.local_blk_read_time = compat_local_blk_read_time(buffers);
  u.local_blk_write_time = compat_local_blk_write_time(buffers);
  u.temp_blk_read_time = INSTR_TIME_GET_MILLISEC(buffers.temp_blk_read_time);
  u.temp_blk_write_time = INSTR_TIME_GET_MILLISEC(buffers.temp_blk_write_time);
  u.wal_records = wal.wal_records;
  u.wal_fpi = wal.wal_fpi;
  u.wal_bytes = static_cast<std::int64_t>(wal.wal_bytes);
}

const Planning* take_planning_slow(int level, std::uint64_t query_id, Planning* out, BlockUsage* blocks) {
  if (level < 0 || level >= kLevels) return nullptr;
  Noted& n = noted[level];
  if (n.query_id == 0 || n.query_id != query_id) return nullptr;
  n.query_id = 0;
  --pending_plannings;
  out->duration_ms = n.ms;
  blocks->add(n.usage);
  return out;
}

}  // namespace insights::pg
