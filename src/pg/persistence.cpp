// Keeping the statistics across a clean restart (insights.save).
//
// The postmaster writes PGDATA/pg_stat/pg_insights.stat when it shuts down
// cleanly and reads it back when it starts. After a successful load the file
// is removed, so a crash restart starts empty rather than from stale data
// (as pg_stat_statements does).
//
// Format (native byte order; the file never leaves its server):
//   FileHeader
//   count × { StatementKey, StatementCounters, double usage, uint32 flags,
//             uint64 sample_hash, uint32 text_length, text bytes,
//             kSamplesPerStatement × { uint32 sample_length, sample bytes } }
//   uint32 CRC-32C of everything before it
// Anything unexpected — wrong magic, format version, entry layout, a short
// read, a bad checksum — gives one WARNING and an empty store; the server
// starts regardless.
#include "store.h"

#include "settings.h"

extern "C" {
#include "miscadmin.h"
#include "pgstat.h"
#include "port/pg_crc32c.h"
#include "storage/fd.h"
#include "storage/ipc.h"
}

#include <cstdio>
#include <cstring>

namespace insights::pg {
namespace {

constexpr const char* kStatsFile = PGSTAT_STAT_PERMANENT_DIRECTORY "/pg_insights.stat";
constexpr const char* kStatsFileTmp = PGSTAT_STAT_PERMANENT_DIRECTORY "/pg_insights.stat.tmp";
constexpr std::uint32_t kMagic = 0x50474953;  // "PGIS"
constexpr std::uint32_t kFormatVersion = 1;
constexpr std::uint32_t kFlagTruncated = 1;

struct FileHeader {
  std::uint32_t magic;
  std::uint32_t format_version;
  std::uint32_t key_size;       // layout checks: a build with a different
  std::uint32_t counters_size;  // entry layout must not read this file
  std::uint32_t histogram_buckets;
  std::uint32_t count;
  TimestampTz stats_since;
};

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
  w->write(&e.key, sizeof e.key);
  w->write(&e.counters, sizeof e.counters);
  w->write(&e.usage, sizeof e.usage);
  w->write(&flags, sizeof flags);
  w->write(&e.sample_hash, sizeof e.sample_hash);
  write_text(w, text, e.text.length);
  for (int k = 0; k < kSamplesPerStatement; ++k) write_text(w, samples[k], e.samples[k].length);
}

void count_entry(const StoreEntry&, const char*, const char* const*, void* arg) { ++*static_cast<std::uint32_t*>(arg); }

// A bounds-checked reader over the whole file, read into memory.
struct Reader {
  const char* data;
  std::size_t size;
  std::size_t pos;

  bool read(void* out, std::size_t n) {
    if (size - pos < n) return false;
    std::memcpy(out, data + pos, n);
    pos += n;
    return true;
  }

  bool read_text(RestoredText* out) {
    std::uint32_t length;
    if (!read(&length, sizeof length) || size - pos < length) return false;
    *out = RestoredText{data + pos, length};
    pos += length;
    return true;
  }
};

void warn_invalid(const char* why) {
  ereport(WARNING, (errmsg("pg_insights: ignoring statistics file \"%s\": %s", kStatsFile, why),
                    errdetail("Statement statistics start empty.")));
}

// Reads the file into the store. Returns false (after one WARNING) when the
// file is not usable; the store is then left empty.
bool load(const char* data, std::size_t size) {
  Reader r{data, size, 0};
  FileHeader h;
  if (size < sizeof h + sizeof(pg_crc32c)) return warn_invalid("file is truncated"), false;
  pg_crc32c stored_crc;
  std::memcpy(&stored_crc, data + size - sizeof stored_crc, sizeof stored_crc);
  r.size = size - sizeof stored_crc;
  r.read(&h, sizeof h);
  if (h.magic != kMagic) return warn_invalid("not a pg_insights statistics file"), false;
  if (h.format_version != kFormatVersion || h.key_size != sizeof(StatementKey) ||
      h.counters_size != sizeof(StatementCounters) || h.histogram_buckets != LatencyHistogram::kBuckets)
    return warn_invalid("written by an incompatible version of pg_insights"), false;
  pg_crc32c crc;
  INIT_CRC32C(crc);
  COMP_CRC32C(crc, data, r.size);
  FIN_CRC32C(crc);
  if (!EQ_CRC32C(crc, stored_crc)) return warn_invalid("checksum mismatch (file is corrupt or truncated)"), false;

  std::uint32_t restored = 0;
  std::uint32_t dropped = 0;
  for (std::uint32_t i = 0; i < h.count; ++i) {
    StatementKey key;
    StatementCounters counters;
    double usage;
    std::uint32_t flags = 0;
    std::uint64_t sample_hash = 0;
    RestoredText text, samples[kSamplesPerStatement];
    bool complete = r.read(&key, sizeof key) && r.read(&counters, sizeof counters) && r.read(&usage, sizeof usage) &&
                    r.read(&flags, sizeof flags) && r.read(&sample_hash, sizeof sample_hash) && r.read_text(&text);
    for (RestoredText& sample : samples) complete = complete && r.read_text(&sample);
    if (!complete) return warn_invalid("entry data is truncated"), false;
    if (store_restore_entry(key, counters, usage, text, (flags & kFlagTruncated) != 0, samples, sample_hash))
      ++restored;
    else
      ++dropped;
  }
  if (r.pos != r.size) return warn_invalid("trailing data after the last entry"), false;
  store_set_stats_since_unlocked(h.stats_since);
  if (dropped > 0)
    ereport(LOG, (errmsg("pg_insights: restored %u statements, dropped %u that exceed insights.max_statements",
                         restored, dropped)));
  return true;
}

void save_on_exit(int code, Datum) {
  // Only a clean shutdown saves: after a crash the shared memory is suspect.
  if (code != 0 || !settings.save) return;
  store_save_file();
}

}  // namespace

void store_load_file() {
  on_shmem_exit(save_on_exit, 0);
  if (!settings.save) {
    unlink(kStatsFile);
    return;
  }
  FILE* file = AllocateFile(kStatsFile, PG_BINARY_R);
  if (file == nullptr) {
    if (errno != ENOENT)
      ereport(WARNING, (errcode_for_file_access(), errmsg("pg_insights: could not read \"%s\": %m", kStatsFile)));
    return;
  }
  char* data = nullptr;
  std::size_t size = 0;
  if (std::fseek(file, 0, SEEK_END) == 0) {
    long end = std::ftell(file);
    if (end >= 0 && std::fseek(file, 0, SEEK_SET) == 0) {
      size = static_cast<std::size_t>(end);
      data = static_cast<char*>(palloc_extended(size + 1, MCXT_ALLOC_NO_OOM));
      if (data != nullptr && std::fread(data, 1, size, file) != size) {
        pfree(data);
        data = nullptr;
      }
    }
  }
  FreeFile(file);
  if (data == nullptr) {
    warn_invalid("could not read it");
  } else {
    if (!load(data, size)) store_reset_all();
    pfree(data);
  }
  unlink(kStatsFile);
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
  store_scan_unlocked(count_entry, &h.count);
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
