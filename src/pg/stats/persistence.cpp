// Keeping the statistics across a clean restart (insights.save).
//
// The postmaster writes PGDATA/pg_stat/pg_insights.stat when it shuts down
// cleanly and reads it back when it starts. After a load the file is
// removed, so a crash restart starts empty rather than from stale data (as
// pg_stat_statements does).
//
// Format (native byte order; the file never leaves its server):
//   FileHeader (with the entry count, the total length of all texts and the
//               version of libpg_query that made the fingerprints)
//   count × { StatementKey, StatementCounters (format 4: its first
//             kFormat4Size bytes), double usage, uint32 flags,
//             int32 encoding, uint64 sample_hash,
//             uint32 text_length, text bytes,
//             kSamplesPerStatement × { uint32 sample_length, sample bytes } }
//   uint32 CRC-32C of everything before it
// test/security/stats_file_forge.py reads and rewrites this layout: keep
// the two in step.
//
// Whatever is at that path, the server starts: anything unexpected gives
// exactly one WARNING and an empty store. The loader never blocks (a FIFO
// is opened with O_NONBLOCK, then refused, as is anything but a regular
// file), never allocates more than one text at a time (the file is
// streamed, twice: checksum first, then records), and checks its size
// against the header before reading on. A correct checksum only shows the
// file was not damaged, not that we wrote it: every record is checked for
// values the store can never hold (a key that cannot occur or occurs twice,
// negative or non-finite counters, min above max, texts that are not valid
// in their database's encoding, ...).
#include "pg/stats/persistence.h"
#include "pg/stats/store.h"

#include "pg/settings.h"
#include "pg/stats/pending_statements.h"
#include "pgquery/pgquery.h"

extern "C" {
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "port/pg_crc32c.h"
#include "storage/fd.h"
#include "storage/ipc.h"
#include "utils/memutils.h"
}

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstring>

namespace insights::pg {
namespace {

constexpr const char* kStatsFile = PGSTAT_STAT_PERMANENT_DIRECTORY "/pg_insights.stat";
constexpr const char* kStatsFileTmp = PGSTAT_STAT_PERMANENT_DIRECTORY "/pg_insights.stat.tmp";
constexpr std::uint32_t kMagic = 0x50474953;  // "PGIS"
// 2: FileHeader.text_bytes, per-entry encoding. 3: cancelled calls in the
// counters. 4: FileHeader.fingerprint_version. 5: pg_stat_statements'
// counters (blocks, I/O time, WAL, planning, JIT, CPU, minmax reset)
// appended to the counters. A format-4 file loads (its counters are the
// first StatementCounters::kFormat4Size bytes, the new ones start at zero);
// one of an earlier format is refused with the WARNING, once.
constexpr std::uint32_t kFormatVersion = 5;
constexpr std::uint32_t kOldestLoadedFormat = 4;
constexpr std::uint32_t kFlagTruncated = 1;

struct FileHeader {
  std::uint32_t magic;
  std::uint32_t format_version;
  std::uint32_t key_size;       // layout checks: a build with a different
  std::uint32_t counters_size;  // entry layout must not read this file
  std::uint32_t histogram_buckets;
  std::uint32_t count;
  TimestampTz stats_since;
  std::uint64_t text_bytes;  // sum of every text's length: the file's size follows
  // The libpg_query version whose fingerprints key the entries ("17-6.1.0",
  // NUL-padded): another version may fingerprint a statement differently,
  // and its entries would then sit beside this one's for the same statement.
  char fingerprint_version[16];
};
static_assert(sizeof(FileHeader) == 56, "test/security/stats_file_forge.py reads this layout");

// Bytes of one entry besides its texts, with counters of a given size.
constexpr std::uint64_t entry_fixed_bytes(std::uint64_t counters_size) {
  return sizeof(StatementKey) + counters_size + sizeof(double) + sizeof(std::uint32_t) + sizeof(std::int32_t) +
         sizeof(std::uint64_t) + (1 + kSamplesPerStatement) * sizeof(std::uint32_t);
}
constexpr std::uint64_t kEntryFixedBytes = entry_fixed_bytes(sizeof(StatementCounters));
// The size of the counters a file of `format` holds, 0 for a format not loaded.
std::uint32_t counters_size_of(std::uint32_t format) {
  if (format == kFormatVersion) return sizeof(StatementCounters);
  if (format == 4) return StatementCounters::kFormat4Size;
  return 0;
}
// The most any server can write: max_statements is capped so that all texts
// fit in 32-bit offsets (settings.h), and the arena holds them all.
constexpr std::uint64_t kMaxTextBytes = static_cast<std::uint64_t>(kMaxStatementsLimit) * kTextBytesPerStatement;
constexpr std::uint64_t kMaxFileBytes =
    sizeof(FileHeader) + kMaxStatementsLimit * kEntryFixedBytes + kMaxTextBytes + sizeof(pg_crc32c);
// One text is read into memory at a time: a palloc chunk bounds it (and a
// statement the server accepted is shorter anyway).
constexpr std::uint64_t kMaxOneText = MaxAllocSize - 1;

struct Writer {
  FILE* file;
  pg_crc32c crc;
  bool ok;

  void write(const void* data, std::size_t size) {
    if (!ok) return;
    COMP_CRC32C(crc, data, size);
    ok = std::fwrite(data, 1, size, file) == size;
  }
};

void write_text(Writer* w, const char* text, std::uint32_t length) {
  if (text == nullptr) length = 0;
  w->write(&length, sizeof length);
  if (length > 0) w->write(text, length);
}

void write_entry(const StoreEntry& e, const char* text, const char* const* samples, void* arg) {
  auto* w = static_cast<Writer*>(arg);
  const std::uint32_t flags = e.text_truncated ? kFlagTruncated : 0;
  const std::int32_t encoding = e.encoding;
  w->write(&e.key, sizeof e.key);
  w->write(&e.counters, sizeof e.counters);
  w->write(&e.usage, sizeof e.usage);
  w->write(&flags, sizeof flags);
  w->write(&encoding, sizeof encoding);
  w->write(&e.sample_hash, sizeof e.sample_hash);
  write_text(w, text, e.text.length);
  for (int k = 0; k < kSamplesPerStatement; ++k) write_text(w, samples[k], e.samples[k].length);
}

struct Totals {
  std::uint32_t count;
  std::uint64_t text_bytes;
};

void count_entry(const StoreEntry& e, const char* text, const char* const* samples, void* arg) {
  auto* t = static_cast<Totals*>(arg);
  ++t->count;
  if (text != nullptr) t->text_bytes += e.text.length;
  for (int k = 0; k < kSamplesPerStatement; ++k)
    if (samples[k] != nullptr) t->text_bytes += e.samples[k].length;
}

// read() until n bytes or end of file; false on an error or a short read.
bool read_fully(int fd, void* out, std::size_t n) {
  auto* p = static_cast<char*>(out);
  while (n > 0) {
    const ssize_t got = read(fd, p, n);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    p += got;
    n -= static_cast<std::size_t>(got);
  }
  return true;
}

// A buffered, bounds-checked reader over the file's records (between the
// header and the checksum).
struct Reader {
  int fd;
  char* buffer;
  std::size_t capacity, filled, pos;
  std::uint64_t remaining;  // record bytes not yet handed out

  bool read(void* out, std::size_t n) {
    if (n > remaining) return false;
    auto* dst = static_cast<char*>(out);
    while (n > 0) {
      if (pos == filled) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(capacity, remaining));
        if (!read_fully(fd, buffer, want)) return false;
        filled = want;
        pos = 0;
      }
      const std::size_t take = std::min(n, filled - pos);
      std::memcpy(dst, buffer + pos, take);
      dst += take;
      pos += take;
      n -= take;
      remaining -= take;
    }
    return true;
  }
};

void warn_invalid(const char* why) {
  ereport(WARNING, (errmsg("pg_insights: ignoring statistics file \"%s\": %s", kStatsFile, why),
                    errdetail("Statement statistics start empty.")));
}

bool finite_non_negative(double x) { return std::isfinite(x) && x >= 0.0; }

// This build's libpg_query version, as the header holds it.
void own_fingerprint_version(char (&out)[sizeof FileHeader::fingerprint_version]) {
  std::memset(out, 0, sizeof out);
  std::strncpy(out, pgquery::library_version(), sizeof out - 1);
}

// Why a header's fingerprint version is not this build's, or nullptr. The
// text outlives the load (the caller logs it after its memory is gone).
const char* other_fingerprint_version(const FileHeader& h) {
  char own[sizeof h.fingerprint_version];
  own_fingerprint_version(own);
  if (std::memcmp(own, h.fingerprint_version, sizeof own) == 0) return nullptr;
  // Named only if it looks like a version: the file's bytes are not trusted.
  const std::size_t length = strnlen(h.fingerprint_version, sizeof h.fingerprint_version);
  bool printable = length > 0 && length < sizeof h.fingerprint_version;
  for (std::size_t i = 0; i < length; ++i)
    printable = printable && (std::isalnum(static_cast<unsigned char>(h.fingerprint_version[i])) ||
                              h.fingerprint_version[i] == '.' || h.fingerprint_version[i] == '-');
  static char why[160];
  std::snprintf(why, sizeof why, "its fingerprints come from libpg_query %s, this server's from %s",
                printable ? h.fingerprint_version : "(an unknown version)", own);
  return why;
}

// Why a key cannot be one the store made, or nullptr. Checked on the raw
// bytes: a bool other than 0 or 1 must not even be loaded as one.
const char* invalid_key(const unsigned char* raw) {
  const unsigned char toplevel = raw[offsetof(StatementKey, toplevel)];
  const unsigned char source = raw[offsetof(StatementKey, source)];
  if (toplevel > 1 || source > static_cast<unsigned char>(FingerprintSource::kQueryId)) return "invalid key";
  for (std::size_t i = offsetof(StatementKey, padding); i < sizeof(StatementKey); ++i)
    if (raw[i] != 0) return "invalid key";
  StatementKey key;
  std::memcpy(&key, raw, sizeof key);
  if (!OidIsValid(key.userid) || !OidIsValid(key.dbid)) return "invalid key";
  return nullptr;
}

// Why counters cannot be ones the store kept, or nullptr.
const char* invalid_counters(const StatementCounters& c) {
  if (c.calls < 1) return "a statement without calls, or with a negative count";
  const BlockUsage& b = c.blocks;
  if (b.shared_blks_hit < 0 || b.shared_blks_read < 0 || b.shared_blks_dirtied < 0 || b.shared_blks_written < 0 ||
      b.local_blks_hit < 0 || b.local_blks_read < 0 || b.local_blks_dirtied < 0 || b.local_blks_written < 0 ||
      b.temp_blks_read < 0 || b.temp_blks_written < 0 || b.wal_records < 0 || b.wal_fpi < 0 || b.wal_bytes < 0 ||
      c.format4_shared_blks_hit != 0 || c.format4_shared_blks_read != 0 || c.format4_temp_blks_written != 0)
    return "a negative or impossible block count";
  if (!finite_non_negative(b.shared_blk_read_time) || !finite_non_negative(b.shared_blk_write_time) ||
      !finite_non_negative(b.local_blk_read_time) || !finite_non_negative(b.local_blk_write_time) ||
      !finite_non_negative(b.temp_blk_read_time) || !finite_non_negative(b.temp_blk_write_time))
    return "a negative or non-finite I/O time";
  if (c.plans < 0 || !finite_non_negative(c.total_plan_time) || !finite_non_negative(c.min_plan_time) ||
      !finite_non_negative(c.max_plan_time) || !finite_non_negative(c.mean_plan_time) ||
      !finite_non_negative(c.sum_sq_plan_time) || c.min_plan_time > c.max_plan_time)
    return "impossible planning counters";
  if (c.jit_functions < 0 || c.jit_inlining_count < 0 || c.jit_inlining_count > c.calls ||
      c.jit_optimization_count < 0 || c.jit_optimization_count > c.calls || c.jit_emission_count < 0 ||
      c.jit_emission_count > c.calls || c.jit_deform_count < 0 || c.jit_deform_count > c.calls ||
      !finite_non_negative(c.jit_generation_time) || !finite_non_negative(c.jit_inlining_time) ||
      !finite_non_negative(c.jit_optimization_time) || !finite_non_negative(c.jit_emission_time) ||
      !finite_non_negative(c.jit_deform_time))
    return "impossible JIT counters";
  if (!finite_non_negative(c.cpu_user_time) || !finite_non_negative(c.cpu_system_time))
    return "a negative or non-finite CPU time";
  if ((c.minmax_reset != 0 && c.minmax_reset != 1) ||
      (c.minmax_stats_since != 0 && !IS_VALID_TIMESTAMP(c.minmax_stats_since)))
    return "an invalid min/max reset";
  if (c.rows < 0 || c.slow_calls < 0 || c.slow_calls > c.calls || c.repeated_transactions < 0 || c.repeats_sum < 0 || c.repeats_max < 0 ||
      c.repeats_max > c.repeats_sum || c.cancelled < 0 || c.cancelled > c.calls)
    return "a negative or impossible counter";
  if (!finite_non_negative(c.total_ms) || !finite_non_negative(c.min_ms) || !finite_non_negative(c.max_ms) ||
      !finite_non_negative(c.mean_ms) || !finite_non_negative(c.sum_sq_ms) || !finite_non_negative(c.cancelled_ms))
    return "a negative or non-finite duration";
  if (c.min_ms > c.max_ms) return "a minimum duration above the maximum";
  if (!IS_VALID_TIMESTAMP(c.first_seen) || !IS_VALID_TIMESTAMP(c.last_seen) || c.first_seen > c.last_seen)
    return "invalid first_seen/last_seen";
  if (c.latency.total() > static_cast<std::uint64_t>(c.calls)) return "a latency histogram with more calls than calls";
  return nullptr;
}

// A normalized text: valid in its encoding (which also rules out NUL bytes).
bool valid_text(int encoding, const char* data, std::size_t length) {
  return pg_verify_mbstr(encoding, data, static_cast<int>(length), true);
}

// A sample (statement_sample.h): optionally "\x01<search_path>" and a NUL,
// the statement, then NUL-separated parameters "<type oid>:N" or
// "<type oid>:V<value>", each piece valid in the encoding.
bool valid_sample(int encoding, const char* data, std::size_t length) {
  const char* end = data + length;
  const char* piece = data;
  if (length > 0 && data[0] == '\x01') {
    const char* nul = static_cast<const char*>(std::memchr(data, '\0', length));
    if (nul == nullptr || !pg_verify_mbstr(encoding, data + 1, static_cast<int>(nul - data - 1), true)) return false;
    piece = nul + 1;
  }
  bool first = true;
  while (piece <= end) {
    const char* nul = static_cast<const char*>(std::memchr(piece, '\0', end - piece));
    const char* piece_end = nul != nullptr ? nul : end;
    if (!first) {
      const char* p = piece;
      while (p < piece_end && *p >= '0' && *p <= '9') ++p;
      if (p == piece || p + 1 >= piece_end || p[0] != ':' || (p[1] != 'N' && p[1] != 'V')) return false;
      if (p[1] == 'N' && p + 2 != piece_end) return false;
    }
    if (!pg_verify_mbstr(encoding, piece, static_cast<int>(piece_end - piece), true)) return false;
    if (nul == nullptr) break;
    piece = nul + 1;
    first = false;
  }
  return true;
}

// Reads one text (length, bytes) into *buffer (grown as needed, NUL added).
// Returns nullptr or why the file is invalid.
const char* read_text(Reader* r, char** buffer, std::size_t* buffer_size, RestoredText* out) {
  std::uint32_t length;
  if (!r->read(&length, sizeof length)) return "entry data is truncated";
  if (length > kMaxOneText) return "a text longer than any statement";
  if (length > r->remaining) return "entry data is truncated";
  if (static_cast<std::size_t>(length) + 1 > *buffer_size) {
    pfree(*buffer);
    *buffer_size = static_cast<std::size_t>(length) + 1;
    *buffer = static_cast<char*>(palloc_extended(*buffer_size, MCXT_ALLOC_NO_OOM));
    if (*buffer == nullptr) return "out of memory";
  }
  if (!r->read(*buffer, length)) return "entry data is truncated";
  (*buffer)[length] = '\0';
  *out = RestoredText{*buffer, length};
  return nullptr;
}

// Streams the records before the checksum through CRC-32C and compares.
const char* check_checksum(int fd, std::uint64_t size, char* chunk, std::size_t chunk_size) {
  if (lseek(fd, 0, SEEK_SET) != 0) return "could not read it";
  pg_crc32c crc;
  INIT_CRC32C(crc);
  std::uint64_t left = size - sizeof(pg_crc32c);
  while (left > 0) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk_size));
    if (!read_fully(fd, chunk, n)) return "could not read it";
    COMP_CRC32C(crc, chunk, n);
    left -= n;
  }
  FIN_CRC32C(crc);
  pg_crc32c stored;
  if (!read_fully(fd, &stored, sizeof stored)) return "could not read it";
  if (!EQ_CRC32C(crc, stored)) return "checksum mismatch (file is corrupt or truncated)";
  return nullptr;
}

// Loads the open file of `size` bytes into the (empty) store. Returns
// nullptr, or why the file was refused (the caller then empties the store).
const char* load(int fd, std::uint64_t size) {
  FileHeader h;
  if (size < sizeof h + sizeof(pg_crc32c)) return "file is truncated";
  if (!read_fully(fd, &h, sizeof h)) return "could not read it";
  if (h.magic != kMagic) return "not a pg_insights statistics file";
  const std::uint32_t counters_size = counters_size_of(h.format_version);
  if (h.format_version < kOldestLoadedFormat || counters_size == 0 || h.key_size != sizeof(StatementKey) ||
      h.counters_size != counters_size || h.histogram_buckets != LatencyHistogram::kBuckets)
    return "written by an incompatible version of pg_insights";
  if (const char* why = other_fingerprint_version(h)) return why;
  if (h.count > static_cast<std::uint32_t>(kMaxStatementsLimit) || h.text_bytes > kMaxTextBytes)
    return "header counts more than any server tracks";
  if (size != sizeof h + h.count * entry_fixed_bytes(counters_size) + h.text_bytes + sizeof(pg_crc32c))
    return "file size does not match its header";
  if (!IS_VALID_TIMESTAMP(h.stats_since)) return "invalid stats_since";

  constexpr std::size_t kChunk = 64 * 1024;
  char* chunk = static_cast<char*>(palloc(kChunk));
  if (const char* why = check_checksum(fd, size, chunk, kChunk)) return why;
  if (lseek(fd, sizeof h, SEEK_SET) != static_cast<off_t>(sizeof h)) return "could not read it";

  Reader r{fd, chunk, kChunk, 0, 0, size - sizeof h - sizeof(pg_crc32c)};
  std::size_t text_buffer_size[1 + kSamplesPerStatement] = {};
  char* text_buffer[1 + kSamplesPerStatement];
  for (int k = 0; k <= kSamplesPerStatement; ++k) {
    text_buffer_size[k] = 1024;
    text_buffer[k] = static_cast<char*>(palloc(text_buffer_size[k]));
  }
  std::uint32_t restored = 0;
  std::uint32_t dropped = 0;
  for (std::uint32_t i = 0; i < h.count; ++i) {
    unsigned char raw_key[sizeof(StatementKey)];
    StatementKey key;
    StatementCounters counters;
    std::memset(&counters, 0, sizeof counters);
    double usage;
    std::uint32_t flags = 0;
    std::int32_t encoding = 0;
    std::uint64_t sample_hash = 0;
    RestoredText text, samples[kSamplesPerStatement];
    if (!r.read(raw_key, sizeof raw_key) || !r.read(&counters, counters_size) || !r.read(&usage, sizeof usage) ||
        !r.read(&flags, sizeof flags) || !r.read(&encoding, sizeof encoding) ||
        !r.read(&sample_hash, sizeof sample_hash))
      return "entry data is truncated";
    if (const char* why = invalid_key(raw_key)) return why;
    std::memcpy(&key, raw_key, sizeof key);
    if (h.format_version == 4) counters.upgrade_from_format4();
    if (const char* why = invalid_counters(counters)) return why;
    if (!finite_non_negative(usage)) return "a negative or non-finite usage";
    if ((flags & ~kFlagTruncated) != 0) return "unknown entry flags";
    if (!PG_VALID_BE_ENCODING(encoding)) return "an invalid encoding";
    if (const char* why = read_text(&r, &text_buffer[0], &text_buffer_size[0], &text)) return why;
    if (!valid_text(encoding, text.data, text.length)) return "a statement text that is not valid in its encoding";
    for (int k = 0; k < kSamplesPerStatement; ++k) {
      if (const char* why = read_text(&r, &text_buffer[k + 1], &text_buffer_size[k + 1], &samples[k])) return why;
      if (!valid_sample(encoding, samples[k].data, samples[k].length))
        return "a sample that is not valid in its encoding";
    }
    switch (store_restore_entry(key, counters, usage, text, (flags & kFlagTruncated) != 0, samples, sample_hash,
                                encoding)) {
      case RestoreResult::kRestored: ++restored; break;
      case RestoreResult::kDropped: ++dropped; break;
      case RestoreResult::kDuplicate: return "the same statement twice";
    }
  }
  if (r.remaining != 0) return "trailing data after the last entry";
  store_set_stats_since_unlocked(h.stats_since);
  if (dropped > 0)
    ereport(LOG, (errmsg("pg_insights: restored %u statements, dropped %u that exceed insights.max_statements",
                         restored, dropped)));
  return nullptr;
}

void save_on_exit(int code, Datum) noexcept {
  // Only a clean shutdown saves: after a crash the shared memory is suspect.
  if (code != 0 || !settings.save) return;
  // Statements still counted under their query ids are fingerprinted now:
  // the file holds fingerprints only (store.h).
  fold_pending_statements();
  store_save_file();
}

}  // namespace

void store_load_file() {
  on_shmem_exit(save_on_exit, 0);
  if (!settings.save) {
    unlink(kStatsFile);
    return;
  }
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
  // writer, and the postmaster with it. Anything but a regular file is
  // refused after fstat().
  const int fd = OpenTransientFile(kStatsFile, O_RDONLY | PG_BINARY | O_NONBLOCK);
  if (fd < 0) {
    if (errno != ENOENT)
      ereport(WARNING, (errcode_for_file_access(), errmsg("pg_insights: could not open \"%s\": %m", kStatsFile),
                        errdetail("Statement statistics start empty.")));
    return;
  }
  struct stat st;
  std::memset(&st, 0, sizeof st);
  // The buffers live in a context of their own: a refused file may leave
  // the loader at any point, and nothing it allocated outlives it.
  MemoryContext load_context = AllocSetContextCreate(CurrentMemoryContext, "pg_insights load", ALLOCSET_DEFAULT_SIZES);
  MemoryContext old_context = MemoryContextSwitchTo(load_context);
  const char* why = nullptr;
  if (fstat(fd, &st) != 0)
    why = "could not stat it";
  else if (!S_ISREG(st.st_mode))
    why = "not a regular file";
  else if (static_cast<std::uint64_t>(st.st_size) > kMaxFileBytes)
    why = "larger than any statistics file pg_insights writes";
  else
    why = load(fd, static_cast<std::uint64_t>(st.st_size));
  MemoryContextSwitchTo(old_context);
  MemoryContextDelete(load_context);
  CloseTransientFile(fd);
  if (why != nullptr) {
    warn_invalid(why);
    store_reset_all();
  }
  // Loaded or refused, it is not read twice (a crash restart starts empty).
  // A directory stays: it is not ours to remove, and it cannot be unlinked.
  if (why == nullptr || S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode)) unlink(kStatsFile);
}

void store_save_file() {
  FILE* file = AllocateFile(kStatsFileTmp, PG_BINARY_W);
  if (file == nullptr) {
    ereport(LOG, (errcode_for_file_access(), errmsg("pg_insights: could not write \"%s\": %m", kStatsFileTmp)));
    return;
  }
  FileHeader h;
  std::memset(&h, 0, sizeof h);
  h.magic = kMagic;
  h.format_version = kFormatVersion;
  h.key_size = sizeof(StatementKey);
  h.counters_size = sizeof(StatementCounters);
  h.histogram_buckets = LatencyHistogram::kBuckets;
  own_fingerprint_version(h.fingerprint_version);
  Totals totals{0, 0};
  store_scan_unlocked(count_entry, &totals);
  h.count = totals.count;
  h.text_bytes = totals.text_bytes;
  h.stats_since = store_stats_since_unlocked();
  Writer w{file, 0, true};
  INIT_CRC32C(w.crc);
  w.write(&h, sizeof h);
  store_scan_unlocked(write_entry, &w);
  FIN_CRC32C(w.crc);
  const pg_crc32c crc = w.crc;
  if (w.ok) w.ok = std::fwrite(&crc, 1, sizeof crc, file) == sizeof crc;
  if (FreeFile(file) != 0) w.ok = false;
  if (!w.ok) {
    ereport(LOG, (errcode_for_file_access(), errmsg("pg_insights: could not write \"%s\": %m", kStatsFileTmp)));
    unlink(kStatsFileTmp);
    return;
  }
  (void)durable_rename(kStatsFileTmp, kStatsFile, LOG);
}

}  // namespace insights::pg
