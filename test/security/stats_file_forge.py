#!/usr/bin/env python3
"""Rewrites a pg_insights statistics file (PGDATA/pg_stat/pg_insights.stat)
with one impossible value and a correct checksum, so that only the loader's
validation of each record -- not its checksum -- can refuse it.

    stats_file_forge.py IN OUT CASE

The layout is src/pg/stats/persistence.cpp's (native byte order, x86-64 here):

  header   u32 magic, u32 format_version, u32 key_size, u32 counters_size,
           u32 histogram_buckets, u32 count, i64 stats_since
           version 2 adds: u64 text_bytes (sum of every text's length)
           version 4 adds: char[16] fingerprint_version (libpg_query's, NUL-padded)
  entry    key (key_size bytes: u64 fingerprint, u32 userid, u32 dbid,
           u8 toplevel, u8 source, 6 zero bytes), counters (counters_size
           bytes; statement_counters.h: i64 calls, i64 rows, f64 total_ms,
           f64 min_ms, f64 max_ms, ...; version 3 adds i64 cancelled and
           f64 cancelled_ms after slow_calls), f64 usage, u32 flags,
           version 2 adds: i32 encoding,
           u64 sample_hash, then three texts (normalized text, two samples),
           each u32 length + bytes
  trailer  u32 CRC-32C of everything before it

Version 5 appends pg_stat_statements' counters to the counters (from byte
912, FORMAT4_COUNTERS); the case "format4" rewrites a version-5 file as
version 4 wrote it (the first 912 bytes of each entry's counters, with the
shared hit/read and temp written block counts back where version 4 kept
them, at bytes 80, 88 and 96).
"""
import struct
import sys

CASES = ("unchanged", "negative_calls", "nan_total_ms", "min_above_max", "invalid_utf8",
         "text_length_out_of_range", "text_length_overlapping", "duplicate_key", "bad_key_source",
         "bad_toplevel", "future_version", "text_length_out_of_range_in_record",
         "text_length_overlapping_in_record", "invalid_utf8_in_sample", "other_fingerprint_version",
         "cancelled_above_calls", "format4")
# The *_in_record cases leave the header's text_bytes as it was, so that the
# file's size still matches its header and only the record reader can tell.


FORMAT4_COUNTERS = 912
# version 5's BlockUsage, at FORMAT4_COUNTERS: shared_blks_hit, shared_blks_read, ..., temp_blks_written (10th)
V5_BLOCKS = {"shared_blks_hit": 0, "shared_blks_read": 8, "temp_blks_written": 72}
V4_BLOCKS = {"shared_blks_hit": 80, "shared_blks_read": 88, "temp_blks_written": 96}


def as_format4(data: bytes) -> bytes:
    layout = parse(data)
    assert layout["version"] == 5, "format4 rewrites a version-5 file"
    counters_size = struct.unpack_from("<I", data, 12)[0]
    out = bytearray(data[:layout["header_size"]])
    struct.pack_into("<I", out, 4, 4)
    struct.pack_into("<I", out, 12, FORMAT4_COUNTERS)
    for e in layout["entries"]:
        key_end = e["start"] + layout["key_size"]
        counters = bytearray(data[key_end:key_end + counters_size])
        for name, off in V5_BLOCKS.items():
            value = struct.unpack_from("<q", counters, FORMAT4_COUNTERS + off)[0]
            struct.pack_into("<q", counters, V4_BLOCKS[name], value)
        out += data[e["start"]:key_end] + counters[:FORMAT4_COUNTERS] + data[key_end + counters_size:e["end"]]
    return bytes(out) + struct.pack("<I", crc32c(bytes(out)))


def crc32c(data: bytes) -> int:
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    crc = 0xFFFFFFFF
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def parse(data: bytes):
    magic, version, key_size, counters_size, buckets, count, since = struct.unpack_from("<IIIIIIq", data, 0)
    assert magic == 0x50474953, "not a pg_insights statistics file"
    header_size = {1: 32, 2: 40, 3: 40}.get(version, 56)
    pos = header_size
    entries = []
    for _ in range(count):
        start = pos
        pos += key_size + counters_size + 8 + 4 + (4 if version >= 2 else 0) + 8
        texts = []
        for _ in range(3):
            (length,) = struct.unpack_from("<I", data, pos)
            texts.append((pos, length))  # offset of the length field
            pos += 4 + length
        entries.append({"start": start, "end": pos, "texts": texts})
    assert pos == len(data) - 4, "unexpected layout"
    return {"version": version, "key_size": key_size, "count": count, "header_size": header_size,
            "entries": entries}


def finish(body: bytearray, layout, keep_header=False) -> bytes:
    if layout["version"] >= 2 and not keep_header:  # text_bytes must match the texts' declared lengths
        total = 0
        pos = layout["header_size"]
        for e in layout["entries"]:
            for off, _ in e["texts"]:
                total += struct.unpack_from("<I", body, off)[0]
        struct.pack_into("<Q", body, 32, total)
    return bytes(body) + struct.pack("<I", crc32c(bytes(body)))


def main():
    src, dst, case = sys.argv[1:4]
    assert case in CASES, f"case must be one of {CASES}"
    data = open(src, "rb").read()
    if case == "format4":
        open(dst, "wb").write(as_format4(data))
        return
    layout = parse(data)
    body = bytearray(data[:-4])
    entries = layout["entries"]
    assert entries, "the file holds no statement"
    # the first entry with a non-empty normalized text
    e = next(x for x in entries if x["texts"][0][1] > 0)
    counters = e["start"] + layout["key_size"]
    if case == "negative_calls":
        struct.pack_into("<q", body, counters, -5)
    elif case == "nan_total_ms":
        struct.pack_into("<d", body, counters + 16, float("nan"))
    elif case == "min_above_max":
        struct.pack_into("<dd", body, counters + 24, 50.0, 1.0)
    elif case == "invalid_utf8":
        off, _ = e["texts"][0]
        body[off + 4] = 0xFF
    elif case.startswith("text_length_out_of_range"):
        off, _ = e["texts"][0]
        struct.pack_into("<I", body, off, 0xFFFFFFF0)
    elif case.startswith("text_length_overlapping"):
        off, length = e["texts"][0]
        struct.pack_into("<I", body, off, length + 8)  # eats into the next field
    elif case == "invalid_utf8_in_sample":
        s = next((x for x in entries if x["texts"][1][1] > 0), None)
        assert s is not None, "no statement has a sample"
        off, length = s["texts"][1]
        body[off + 4 + length - 1] = 0xC3  # a lead byte with nothing after it
    elif case == "duplicate_key":
        # the entry again, whole: the same key twice
        body[e["end"]:e["end"]] = body[e["start"]:e["end"]]
        struct.pack_into("<I", body, 20, layout["count"] + 1)
        layout = parse(bytes(body) + b"\0\0\0\0")
    elif case == "bad_key_source":
        body[e["start"] + 17] = 7
    elif case == "bad_toplevel":
        body[e["start"] + 16] = 2
    elif case == "cancelled_above_calls":
        calls = struct.unpack_from("<q", body, counters)[0]
        struct.pack_into("<q", body, counters + 64, calls + 1)  # after slow_calls (counters + 56)
    elif case == "future_version":
        struct.pack_into("<I", body, 4, 99)
    elif case == "other_fingerprint_version":
        # as written by a build that linked Debian 12's libpg_query
        assert layout["version"] >= 4, "the file has no fingerprint version"
        struct.pack_into("<16s", body, 40, b"15-4.0.0")
    open(dst, "wb").write(finish(body, layout, keep_header=case.endswith("_in_record")))


if __name__ == "__main__":
    main()
