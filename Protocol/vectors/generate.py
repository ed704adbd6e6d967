#!/usr/bin/env python3
"""Writes the protocol test vectors from PROTOCOL.md alone.

This is a second, independent implementation of the frame and message encodings (Python, no code
shared with the Swift codec), so the vectors check the spec, not one implementation against itself.
Run it after a change to the spec: `python3 Protocol/vectors/generate.py` (needs `pip install lz4`).
The output (`*.bin` and `manifest.json`) is committed; tests and fuzz seeds read it.
"""

import json
import os
import struct
import sys

import lz4.block

HERE = os.path.dirname(os.path.abspath(__file__))

MAGIC = 0x5041
HEADER = 32
TYPES = {
    "HELLO": 1, "WELCOME": 2, "BATCH": 3, "ACK": 4, "ERROR": 5, "PING": 6, "PONG": 7,
    "REGISTER": 8, "REGISTERED": 9, "RENEW": 10, "GOODBYE": 11,
}
COLUMN_TYPES = {"bool": 1, "int8": 2, "float8": 3, "timestamptz": 4, "text": 5, "bytea": 6, "numeric": 7}
FIXED_WIDTH = {"bool": 1, "int8": 8, "float8": 8, "timestamptz": 8}


# --- CRC-32C (reflected 0x82F63B78), bit by bit: slow and obviously right -------------------------

def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283


# --- the v1 LZ4 dictionary (PROTOCOL.md section 3.3) --------------------------------------------
#
# Built from Protocol/dictionary-v1.schemas: one line per family, `family name:type ...`, in
# dictionary order. Each family contributes string8(family), u16(column count) and its column
# descriptors (string8 name, u8 type, u8 flags: 0x02 for 8-byte types, else 0), back to back.
# The bytes are frozen for version 1: the file must match its pinned length and CRC-32C.

DICTIONARY_V1_LENGTH = 6929
DICTIONARY_V1_CRC = 0xC4AED6D9


def build_dictionary_v1():
    out = b""
    with open(os.path.join(HERE, "..", "dictionary-v1.schemas"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            family, *columns = line.split()
            out += bytes([len(family)]) + family.encode() + struct.pack(">H", len(columns))
            for column in columns:
                name, type_name = column.split(":")
                flags = 2 if FIXED_WIDTH.get(type_name) == 8 else 0
                out += bytes([len(name)]) + name.encode() + bytes([COLUMN_TYPES[type_name], flags])
    assert len(out) <= 64 << 10, "LZ4 uses at most the last 64 KiB of a dictionary"
    return out


def load_dictionary_v1():
    path = os.path.join(HERE, "..", "dictionary-v1.bin")
    built = build_dictionary_v1()
    if os.path.exists(path):
        with open(path, "rb") as f:
            stored = f.read()
        assert stored == built, "dictionary-v1.bin differs from dictionary-v1.schemas; v1's dictionary never changes"
    else:
        with open(path, "wb") as f:
            f.write(built)
    assert len(built) == DICTIONARY_V1_LENGTH and crc32c(built) == DICTIONARY_V1_CRC, "v1 dictionary changed"
    return built


DICTIONARY_V1 = load_dictionary_v1()


# --- frames --------------------------------------------------------------------------------------

def header(type_byte, payload, raw_length, flags=0, sequence=0, version=1, reserved5=0, reserved6=0,
           payload_length=None, payload_crc=None, magic=MAGIC, header_crc=None):
    payload_length = len(payload) if payload_length is None else payload_length
    payload_crc = crc32c(payload) if payload_crc is None else payload_crc
    first = struct.pack(">HBBBBHIIQI", magic, version, type_byte, flags, reserved5, reserved6,
                        payload_length, raw_length, sequence, payload_crc)
    crc = crc32c(first) if header_crc is None else header_crc
    return first + struct.pack(">I", crc)


def frame(type_name, raw_payload, sequence=0, compress=False, dictionary=False):
    type_byte = TYPES[type_name]
    if compress:
        if dictionary:
            wire = lz4.block.compress(raw_payload, store_size=False, dict=DICTIONARY_V1)
        else:
            wire = lz4.block.compress(raw_payload, store_size=False)
        assert len(wire) < len(raw_payload), "compression must help for a compressed vector"
        return header(type_byte, wire, len(raw_payload), flags=3 if dictionary else 1, sequence=sequence) + wire
    assert not dictionary, "the dictionary flag needs the compression flag"
    return header(type_byte, raw_payload, len(raw_payload), sequence=sequence) + raw_payload


# --- payload primitives --------------------------------------------------------------------------

def u8(v): return struct.pack(">B", v)
def u16(v): return struct.pack(">H", v)
def u32(v): return struct.pack(">I", v)
def u64(v): return struct.pack(">Q", v)
def i64(v): return struct.pack(">q", v)
def string8(s): b = s.encode() if isinstance(s, str) else s; return u8(len(b)) + b
def string16(s): b = s.encode() if isinstance(s, str) else s; return u16(len(b)) + b
def bytes32(b): return u32(len(b)) + b


# --- numeric: PostgreSQL's binary numeric from a decimal string ----------------------------------

def numeric_binary(text):
    specials = {"NaN": 0xC000, "Infinity": 0xD000, "-Infinity": 0xF000}
    if text in specials:
        return struct.pack(">HhHH", 0, 0, specials[text], 0)
    sign = 0x4000 if text.startswith("-") else 0
    text = text.lstrip("+-")
    integer, _, fraction = text.partition(".")
    dscale = len(fraction)
    integer = integer.lstrip("0")
    # Pad to base-10000 groups: integer part on the left, fraction on the right.
    integer = "0" * (-len(integer) % 4) + integer
    fraction = fraction + "0" * (-len(fraction) % 4)
    groups = [int(integer[i:i + 4]) for i in range(0, len(integer), 4)]
    weight = len(groups) - 1
    groups += [int(fraction[i:i + 4]) for i in range(0, len(fraction), 4)]
    while groups and groups[0] == 0:  # leading zero groups shift the weight
        groups.pop(0)
        weight -= 1
    while groups and groups[-1] == 0:
        groups.pop()
    if not groups:
        weight, sign = 0, 0
    return struct.pack(">HhHH", len(groups), weight, sign, dscale) + b"".join(u16(g) for g in groups)


assert numeric_binary("1.50") == struct.pack(">HhHH", 2, 0, 0, 2) + u16(1) + u16(5000)
assert numeric_binary("0") == struct.pack(">HhHH", 0, 0, 0, 0)


# --- BATCH -----------------------------------------------------------------------------------------

def encode_value(type_name, value):
    if type_name == "bool": return u8(1 if value else 0)
    if type_name in ("int8", "timestamptz"): return i64(value)
    if type_name == "float8":
        special = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}
        return struct.pack(">d", special.get(value, value) if isinstance(value, str) else value)
    if type_name == "text": return value.encode()
    if type_name == "bytea": return bytes.fromhex(value)
    if type_name == "numeric": return numeric_binary(value)
    raise ValueError(type_name)


def batch_payload(family, sampled_at, columns, rows, shuffle=True, row_count=None, column_count=None):
    """columns: [(name, type)], rows: [[value or None]]; the JSON meaning uses the same values."""
    n = len(rows) if row_count is None else row_count
    out = string8(family) + i64(sampled_at) + u32(n) + u16(len(columns) if column_count is None else column_count)
    data = b""
    for index, (name, type_name) in enumerate(columns):
        values = [row[index] for row in rows]
        has_nulls = any(v is None for v in values)
        width = FIXED_WIDTH.get(type_name)
        shuffled = shuffle and width == 8
        flags = (1 if has_nulls else 0) | (2 if shuffled else 0)
        out += string8(name) + u8(COLUMN_TYPES[type_name]) + u8(flags)
        if has_nulls:
            bitmap = bytearray((len(values) + 7) // 8)
            for i, v in enumerate(values):
                if v is None:
                    bitmap[i // 8] |= 1 << (i % 8)
            data += bytes(bitmap)
        if width:
            encoded = [b"\0" * width if v is None else encode_value(type_name, v) for v in values]
            if shuffled:
                data += b"".join(bytes(e[k] for e in encoded) for k in range(8))
            else:
                data += b"".join(encoded)
        else:
            encoded = [b"" if v is None else encode_value(type_name, v) for v in values]
            data += u32(sum(len(e) for e in encoded)) + b"".join(u32(len(e)) for e in encoded) + b"".join(encoded)
    return out + data


def batch_meaning(sequence, family, sampled_at, columns, rows):
    return {"type": "BATCH", "sequence": sequence, "family": family, "sampled_at": sampled_at,
            "columns": [{"name": n, "type": t} for n, t in columns], "rows": rows}


# --- the vectors -----------------------------------------------------------------------------------

VALID = []
INVALID = []


def valid(name, data, meaning, note):
    VALID.append((name, data, meaning, note))


def invalid(name, data, code, offset, in_payload, note):
    INVALID.append((name, data, {"code": code, "offset": offset, "in_payload": in_payload}, note))


T0 = 817_300_800_000_000  # 2025-11-25 12:00:00 UTC in microseconds since 2000-01-01

DB_COLUMNS = [("datname", "text"), ("numbackends", "int8"), ("xact_commit", "int8"),
              ("xact_rollback", "int8"), ("blks_read", "int8"), ("blks_hit", "int8"),
              ("tup_returned", "int8"), ("deadlocks", "int8"), ("blk_read_time", "float8"),
              ("stats_reset", "timestamptz"), ("size_bytes", "int8")]
DB_ROWS = [
    ["postgres", 3, 18234, 12, 912, 1_882_301, 9_123_456, 0, 12.5, T0 - 86_400_000_000, 7_812_312],
    ["app", 41, 9_912_345, 1_234, 88_123, 912_345_678, 2_345_678_901, 2, 8123.25, None, 9_123_456_789],
    ["template1", 0, 0, 0, 0, 0, 0, 0, 0.0, None, 7_745_536],
    ["reporting", 7, 551_234, 17, 1_245_778, 45_122_331, 745_112_908, 0, 99.75, T0 - 3_600_000_000, 512_991_232],
]

ALL_COLUMNS = [("flag", "bool"), ("count", "int8"), ("ratio", "float8"), ("at", "timestamptz"),
               ("label", "text"), ("blob", "bytea"), ("exact", "numeric")]
ALL_ROWS = [
    [True, -9_223_372_036_854_775_808, -0.0, -1, "", "", "0"],
    [False, 9_223_372_036_854_775_807, "Infinity", T0, "ünïcødé ✓ 𝄞", "00ff10", "-1.50"],
    [None, None, None, None, None, None, None],
    [True, 42, "NaN", 0, "plain ascii", "deadbeef", "123456789012345678901234567890.0001"],
    [False, 0, 3.141592653589793, 1, "x" * 40, "", "NaN"],
]

valid("hello", frame("HELLO", u8(1) + u8(1) + u64(1201) + u64(1342) + u64(3) + u64(150)
                     + string8("pganalytics/1.0.0") + string8("db-01.example.net")),
      {"type": "HELLO", "min_version": 1, "max_version": 1, "first_unacknowledged": 1201,
       "last_written": 1342, "dropped_records": 3, "dropped_samples": 150,
       "software": "pganalytics/1.0.0", "hostname": "db-01.example.net"}, "section 6.1")
valid("welcome", frame("WELCOME", u8(1) + u64(1200) + string8("3f2b6c1e-8d4a-4c1b-9f0e-2a7d5b9c8e41")
                       + u32(8 << 20) + u32(16 << 20) + u32(15000)),
      {"type": "WELCOME", "version": 1, "committed_sequence": 1200,
       "collector_id": "3f2b6c1e-8d4a-4c1b-9f0e-2a7d5b9c8e41", "max_frame_payload": 8 << 20,
       "max_unacknowledged_bytes": 16 << 20, "ping_interval_ms": 15000}, "section 6.2")
valid("ack", frame("ACK", u64(1342)), {"type": "ACK", "committed_through": 1342}, "section 6.4")
valid("error_nonfatal", frame("ERROR", u16(6) + u8(0) + u64(1301) + string16("no table for family \"pg_future\"")),
      {"type": "ERROR", "code": 6, "fatal": False, "sequence": 1301,
       "message": "no table for family \"pg_future\""}, "section 6.5: unknown_family, not fatal")
valid("error_fatal", frame("ERROR", u16(10) + u8(1) + u64(0) + string16("collector revoked on 2026-11-20")),
      {"type": "ERROR", "code": 10, "fatal": True, "sequence": 0,
       "message": "collector revoked on 2026-11-20"}, "section 6.5: collector_revoked")
valid("ping", frame("PING", u64(0x0123456789ABCDEF)), {"type": "PING", "nonce": 0x0123456789ABCDEF}, "section 6.6")
valid("pong", frame("PONG", u64(7)), {"type": "PONG", "nonce": 7}, "section 6.6")
CSR = bytes(range(48)) * 4  # opaque to the codec: it never parses DER
valid("register", frame("REGISTER", string16("s3cr3t-registration") + string8("db-01") + string8("db-01.example.net")
                        + string8("eu-west") + bytes32(CSR)),
      {"type": "REGISTER", "secret": "s3cr3t-registration", "name": "db-01", "hostname": "db-01.example.net",
       "region": "eu-west", "csr_hex": CSR.hex()}, "section 6.7")
CERT, CA = bytes(range(200)), bytes(range(100, 250))
valid("registered", frame("REGISTERED", string8("3f2b6c1e-8d4a-4c1b-9f0e-2a7d5b9c8e41") + u8(2)
                          + bytes32(CERT) + bytes32(CA) + bytes32(CA)),
      {"type": "REGISTERED", "collector_id": "3f2b6c1e-8d4a-4c1b-9f0e-2a7d5b9c8e41",
       "certificates_hex": [CERT.hex(), CA.hex()], "ca_certificate_hex": CA.hex()}, "section 6.8")
valid("renew", frame("RENEW", bytes32(CSR)), {"type": "RENEW", "csr_hex": CSR.hex()}, "section 6.9")
valid("goodbye", frame("GOODBYE", u16(0) + string16("collector stopping")),
      {"type": "GOODBYE", "reason": 0, "message": "collector stopping"}, "section 6.10")

db_payload = batch_payload("pg_stat_database", T0, DB_COLUMNS, DB_ROWS)
valid("batch_pg_stat_database", frame("BATCH", db_payload, sequence=1301, compress=True),
      batch_meaning(1301, "pg_stat_database", T0, DB_COLUMNS, DB_ROWS),
      "LZ4-compressed, byte-shuffled 8-byte columns, a nullable timestamptz")
all_payload = batch_payload("type_zoo", T0, ALL_COLUMNS, ALL_ROWS)
valid("batch_all_types", frame("BATCH", all_payload, sequence=1),
      batch_meaning(1, "type_zoo", T0, ALL_COLUMNS, ALL_ROWS),
      "every column type with extremes, NULLs in every column, uncompressed")
valid("batch_unshuffled", frame("BATCH", batch_payload("type_zoo", T0, ALL_COLUMNS, ALL_ROWS, shuffle=False), sequence=2),
      batch_meaning(2, "type_zoo", T0, ALL_COLUMNS, ALL_ROWS), "8-byte columns in plain layout (flag bit 1 clear)")
valid("batch_zero_rows", frame("BATCH", batch_payload("pg_locks", T0, [("mode", "text"), ("count", "int8")], []), sequence=9),
      batch_meaning(9, "pg_locks", T0, [("mode", "text"), ("count", "int8")], []), "a family with nothing to report")
valid("batch_dictionary", frame("BATCH", db_payload, sequence=1302, compress=True, dictionary=True),
      batch_meaning(1302, "pg_stat_database", T0, DB_COLUMNS, DB_ROWS),
      "flags 0x03: LZ4-compressed against the v1 dictionary (section 3.3)")
valid("batch_max_sequence", frame("BATCH", batch_payload("host_load", T0, [("load1", "float8")], [[0.25]]), sequence=2**64 - 1),
      batch_meaning(2**64 - 1, "host_load", T0, [("load1", "float8")], [[0.25]]), "the largest sequence number")

# --- invalid frames --------------------------------------------------------------------------------

good_ack = frame("ACK", u64(5))
ack_payload = u64(5)

invalid("truncated_header", good_ack[:20], "truncatedHeader", 20, False, "stream ends inside the header")
invalid("truncated_payload", good_ack[:-1], "truncatedPayload", 39, False, "stream ends one byte before the payload does")
invalid("empty_after_header", good_ack[:32], "truncatedPayload", 32, False, "header only, payload missing")
invalid("bad_magic", b"XA" + good_ack[2:], "badMagic", 0, False, "not a pgAnalytics frame")
bad_len = bytearray(good_ack); bad_len[11] ^= 0x01
invalid("header_checksum_mismatch", bytes(bad_len), "headerChecksumMismatch", 28, False,
        "a bit flipped in the payload length; the header CRC catches it before the length is used")
invalid("unsupported_version", header(4, ack_payload, 8, version=2) + ack_payload, "unsupportedVersion", 2, False, "version 2")
invalid("reserved_flag_bits", header(4, ack_payload, 8, flags=0x80) + ack_payload, "reservedBitsSet", 4, False, "flags bit 7")
invalid("dictionary_without_compression", header(4, ack_payload, 8, flags=0x02) + ack_payload, "reservedBitsSet", 4, False,
        "flags bit 1 (dictionary) without bit 0 (compressed)")
db_dict_lz4 = lz4.block.compress(db_payload, store_size=False, dict=DICTIONARY_V1)
try:
    lz4.block.decompress(db_dict_lz4, uncompressed_size=len(db_payload))
    raise AssertionError("the dictionary block must not decompress without the dictionary")
except lz4.block.LZ4BlockError:
    pass
invalid("dictionary_flag_missing", header(3, db_dict_lz4, len(db_payload), flags=1, sequence=7) + db_dict_lz4,
        "decompressionFailed", 32, False, "a block compressed against the dictionary, flagged as plain LZ4: its matches reach before the block")
invalid("reserved_byte", header(4, ack_payload, 8, reserved5=1) + ack_payload, "reservedBitsSet", 5, False, "byte 5")
invalid("reserved_u16", header(4, ack_payload, 8, reserved6=0x0100) + ack_payload, "reservedBitsSet", 6, False, "bytes 6-7")
invalid("frame_too_large", header(4, b"", (8 << 20) + 1, payload_length=(8 << 20) + 1, payload_crc=0),
        "frameTooLarge", 8, False, "declares 8 MiB + 1 and sends no payload: refused before any is read")
invalid("length_all_ones", header(4, b"", 0xFFFFFFFF, payload_length=0xFFFFFFFF, payload_crc=0),
        "frameTooLarge", 8, False, "length 0xFFFFFFFF, negative if read as signed")
invalid("decompressed_too_large", header(3, b"\x10", (32 << 20) + 1, flags=1, sequence=1, payload_length=1) + b"\x10",
        "decompressedTooLarge", 12, False, "compressed frame declaring 32 MiB + 1 raw")
invalid("raw_length_mismatch", header(4, ack_payload, 9) + ack_payload, "rawLengthMismatch", 12, False,
        "uncompressed frame whose raw length differs from its payload length")
invalid("compressed_zero_raw_length", header(4, b"\x00", 0, flags=1) + b"\x00", "rawLengthMismatch", 12, False,
        "compressed flag with raw length 0")
invalid("payload_checksum_mismatch", header(4, ack_payload, 8, payload_crc=crc32c(ack_payload) ^ 1) + ack_payload,
        "payloadChecksumMismatch", 24, False, "payload CRC off by one bit")
flipped = bytearray(good_ack); flipped[-1] ^= 0x40
invalid("payload_bit_flip", bytes(flipped), "payloadChecksumMismatch", 24, False, "a bit flipped in the payload")

db_lz4 = lz4.block.compress(db_payload, store_size=False)
invalid("lz4_declared_size_too_big", header(3, db_lz4, len(db_payload) + 100, flags=1, sequence=7) + db_lz4,
        "decompressedSizeMismatch", 12, False, "declares 100 bytes more than the block produces")
invalid("lz4_declared_size_too_small", header(3, db_lz4, len(db_payload) - 100, flags=1, sequence=7) + db_lz4,
        "decompressionFailed", 32, False, "the block produces more than declared; the decoder stops at the declared size")
bomb = lz4.block.compress(b"\0" * (64 << 20), store_size=False)
invalid("lz4_bomb", header(3, bomb, 1 << 20, flags=1, sequence=7) + bomb, "decompressionFailed", 32, False,
        f"{len(bomb)} bytes that expand to 64 MiB, declared as 1 MiB: at most 1 MiB is ever produced")
invalid("lz4_bomb_declared", header(3, bomb, 64 << 20, flags=1, sequence=7) + bomb, "decompressedTooLarge", 12, False,
        "the same bomb declared honestly: refused from the header")
garbage = b"\xf0\xff\xff\xff\xff"
invalid("lz4_garbage", header(3, garbage, 1000, flags=1, sequence=7) + garbage, "decompressionFailed", 32, False,
        "a literal run longer than the input")
invalid("unknown_type", header(0x42, ack_payload, 8) + ack_payload, "unknownMessageType", 3, False, "type 0x42")
invalid("sequence_on_ping", header(6, ack_payload, 8, sequence=5) + ack_payload, "sequenceNotAllowed", 16, False,
        "only BATCH carries a sequence")
small = batch_payload("host_load", T0, [("load1", "float8")], [[0.25]])
invalid("batch_without_sequence", header(3, small, len(small)) + small, "missingSequence", 16, False, "BATCH with sequence 0")
invalid("ack_trailing_bytes", frame("ACK", u64(5) + b"\0"), "trailingBytes", 8, True, "ACK with 9 payload bytes")
invalid("ack_truncated", frame("ACK", u64(5)[:7]), "truncatedField", 0, True, "ACK with 7 payload bytes")
hello_prefix = u8(1) + u8(1) + u64(0) + u64(0) + u64(0) + u64(0)
invalid("hello_invalid_utf8", frame("HELLO", hello_prefix + string8(b"pganalytics/\xff") + string8("h")),
        "invalidUTF8", len(hello_prefix) + 1 + 12, True, "0xFF in the software string")
invalid("hello_nul_in_string", frame("HELLO", hello_prefix + string8(b"pga\x00lytics") + string8("h")),
        "nulInString", len(hello_prefix) + 1 + 3, True, "NUL in the software string")
invalid("hello_version_range", frame("HELLO", u8(2) + u8(1) + hello_prefix[2:] + string8("x") + string8("h")),
        "invalidVersionRange", 1, True, "min version 2 > max version 1")
invalid("error_fatal_flag", frame("ERROR", u16(1) + u8(2) + u64(0) + string16("x")), "invalidFlag", 2, True, "fatal byte 2")
invalid("error_message_too_long", frame("ERROR", u16(1) + u8(1) + u64(0) + string16("m" * 4097)), "valueTooLong", 11, True,
        "string16 of 4,097 bytes")
invalid("registered_zero_certificates", frame("REGISTERED", string8("id") + u8(0) + bytes32(CA)), "invalidCount", 3, True,
        "no certificate")
invalid("register_csr_too_large", frame("REGISTER", string16("s") + string8("") + string8("h") + string8("") + bytes32(b"\x30" * ((16 << 10) + 1))),
        "valueTooLong", 3 + 1 + 2 + 1, True, "CSR of 16 KiB + 1")
invalid("register_csr_length_overflow", frame("REGISTER", string16("s") + string8("") + string8("h") + string8("") + u32(0xFFFFFFFF)),
        "valueTooLong", 3 + 1 + 2 + 1, True, "CSR length 0xFFFFFFFF with no bytes")


def batch_invalid(name, payload, code, offset, note, sequence=3):
    invalid(name, frame("BATCH", payload, sequence=sequence), code, offset, True, note)


def prefix(family="f", rows=1, cols=1):
    return string8(family) + i64(T0) + u32(rows) + u16(cols)


P = len(prefix())  # 1 + 1 + 8 + 4 + 2 = 16: where the first column descriptor starts
batch_invalid("batch_family_empty", string8("") + i64(T0) + u32(0) + u16(1) + string8("a") + u8(2) + u8(0),
              "invalidName", 0, "empty family name")
batch_invalid("batch_family_bad_chars", string8("Pg-Stat") + i64(T0) + u32(0) + u16(1) + string8("a") + u8(2) + u8(0),
              "invalidName", 0, "family name with upper case and '-'")
batch_invalid("batch_family_too_long", string8("f" * 64) + i64(T0) + u32(0) + u16(1) + string8("a") + u8(2) + u8(0),
              "invalidName", 0, "family name of 64 bytes")
batch_invalid("batch_column_bad_name", prefix(rows=0) + string8("1abc") + u8(2) + u8(0), "invalidName", P,
              "column name starting with a digit")
batch_invalid("batch_zero_columns", prefix(rows=0, cols=0), "noColumns", P - 2, "column count 0")
batch_invalid("batch_too_many_columns", prefix(rows=0, cols=257), "tooManyColumns", P - 2, "257 columns")
batch_invalid("batch_too_many_rows", prefix(rows=100_001), "tooManyRows", P - 6, "100,001 rows")
batch_invalid("batch_rows_exceed_data", prefix(rows=100_000) + string8("a") + u8(2) + u8(2) + i64(1),
              "truncatedField", P + 4, "100,000 int8 rows declared, 8 bytes present: refused before allocating")
batch_invalid("batch_column_count_too_high", prefix(rows=0, cols=3) + string8("a") + u8(2) + u8(0) + string8("b") + u8(2) + u8(0),
              "truncatedField", P + 8, "3 columns declared, 2 described")
batch_invalid("batch_column_count_too_low", prefix(rows=0, cols=1) + string8("a") + u8(2) + u8(0) + string8("b") + u8(2) + u8(0),
              "trailingBytes", P + 4, "1 column declared, 2 present")
batch_invalid("batch_duplicate_column", prefix(rows=0, cols=2) + string8("a") + u8(2) + u8(0) + string8("a") + u8(3) + u8(0),
              "duplicateColumn", P + 4, "two columns named \"a\"")
batch_invalid("batch_unknown_column_type", prefix(rows=0) + string8("a") + u8(9) + u8(0), "unknownColumnType", P + 2,
              "column type 9")
batch_invalid("batch_column_type_zero", prefix(rows=0) + string8("a") + u8(0) + u8(0), "unknownColumnType", P + 2,
              "column type 0")
batch_invalid("batch_shuffled_bool", prefix(rows=1) + string8("a") + u8(1) + u8(2) + u8(1), "invalidShuffle", P + 3,
              "byte-shuffle flag on a 1-byte type")
batch_invalid("batch_shuffled_text", prefix(rows=0) + string8("a") + u8(5) + u8(2) + u32(0), "invalidShuffle", P + 3,
              "byte-shuffle flag on text")
batch_invalid("batch_reserved_column_flag", prefix(rows=1) + string8("a") + u8(2) + u8(4) + i64(1), "reservedBitsSet", P + 3,
              "column flag bit 2")
batch_invalid("batch_bitmap_padding", prefix(rows=1) + string8("a") + u8(2) + u8(1) + u8(0b11) + i64(0), "reservedBitsSet", P + 4,
              "null bitmap bit for row 1 of a 1-row batch")
batch_invalid("batch_invalid_bool", prefix(rows=2) + string8("a") + u8(1) + u8(0) + u8(1) + u8(2), "invalidBool", P + 5,
              "bool byte 2")
batch_invalid("batch_text_invalid_utf8", prefix(rows=1) + string8("a") + u8(5) + u8(0) + u32(3) + u32(3) + b"a\xc3(",
              "invalidUTF8", P + 12 + 1, "0xC3 followed by an ASCII byte")
batch_invalid("batch_text_split_character", prefix(rows=2) + string8("a") + u8(5) + u8(0) + u32(2) + u32(1) + u32(1) + "é".encode(),
              "invalidUTF8", P + 16 + 1, "the blob is valid UTF-8 but a value boundary splits 'é'")
batch_invalid("batch_text_nul", prefix(rows=1) + string8("a") + u8(5) + u8(0) + u32(3) + u32(3) + b"a\x00b",
              "nulInString", P + 12 + 1, "NUL inside text")
batch_invalid("batch_length_sum_mismatch", prefix(rows=2) + string8("a") + u8(5) + u8(0) + u32(5) + u32(2) + u32(2) + b"abcd",
              "lengthSumMismatch", P + 4, "data length 5, lengths add up to 4")
batch_invalid("batch_length_overflow", prefix(rows=2) + string8("a") + u8(6) + u8(0) + u32(4) + u32(0xFFFFFFFF) + u32(5) + b"abcd",
              "valueTooLong", P + 8, "a value length of 0xFFFFFFFF whose sum with the next wraps to the data length")
batch_invalid("batch_data_length_beyond_payload", prefix(rows=1) + string8("a") + u8(6) + u8(0) + u32(1000) + u32(1000) + b"ab",
              "truncatedField", P + 12, "1,000 bytes of data declared, 2 present")
batch_invalid("batch_null_with_length", prefix(rows=1) + string8("a") + u8(5) + u8(1) + u8(1) + u32(1) + u32(1) + b"x",
              "nullWithLength", P + 9, "a NULL text row with length 1")
bad_digit = struct.pack(">HhHH", 1, 0, 0, 0) + u16(10000)
batch_invalid("batch_numeric_bad_digit", prefix(rows=1) + string8("a") + u8(7) + u8(0) + u32(10) + u32(10) + bad_digit,
              "invalidNumeric", P + 12, "base-10000 digit 10000")
bad_sign = struct.pack(">HhHH", 0, 0, 0x1234, 0)
batch_invalid("batch_numeric_bad_sign", prefix(rows=1) + string8("a") + u8(7) + u8(0) + u32(8) + u32(8) + bad_sign,
              "invalidNumeric", P + 12, "sign 0x1234")
short_numeric = struct.pack(">HhHH", 3, 0, 0, 0) + u16(1)
batch_invalid("batch_numeric_wrong_length", prefix(rows=1) + string8("a") + u8(7) + u8(0) + u32(10) + u32(10) + short_numeric,
              "invalidNumeric", P + 12, "ndigits 3 in a 10-byte value")
batch_invalid("batch_truncated_fixed_column", prefix(rows=2) + string8("a") + u8(2) + u8(2) + i64(1),
              "truncatedField", P + 4, "2 int8 rows declared, 1 present")
batch_invalid("batch_trailing_bytes", prefix(rows=1) + string8("a") + u8(2) + u8(0) + i64(1) + b"\0",
              "trailingBytes", P + 4 + 8, "a byte after the last column")

# --- write -----------------------------------------------------------------------------------------


def main():
    manifest = {"format": 1, "spec": "PROTOCOL.md version 1", "valid": [], "invalid": []}
    for folder in ("valid", "invalid"):
        os.makedirs(os.path.join(HERE, folder), exist_ok=True)
        for old in os.listdir(os.path.join(HERE, folder)):
            os.remove(os.path.join(HERE, folder, old))
    for name, data, meaning, note in VALID:
        with open(os.path.join(HERE, "valid", name + ".bin"), "wb") as f:
            f.write(data)
        manifest["valid"].append({"name": name, "file": f"valid/{name}.bin", "bytes": len(data), "note": note, "message": meaning})
    for name, data, error, note in INVALID:
        with open(os.path.join(HERE, "invalid", name + ".bin"), "wb") as f:
            f.write(data)
        manifest["invalid"].append({"name": name, "file": f"invalid/{name}.bin", "bytes": len(data), "note": note, "error": error})
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    write_fuzz_seeds()
    print(f"{len(VALID)} valid and {len(INVALID)} invalid vectors written", file=sys.stderr)


def write_fuzz_seeds():
    """Seeds each fuzz target's corpus (Fuzz/corpus/TARGET) from the vectors, in its input format."""
    root = os.path.join(HERE, "..", "..", "Fuzz", "corpus")
    seeds = {"FuzzStream": {}, "FuzzPayload": {}, "FuzzBatch": {}, "FuzzRoundTrip": {}}
    for name, data, *_ in VALID + INVALID:
        if len(data) > 64 << 10:
            continue  # the fuzzers' own limits are smaller; these are covered by the unit tests
        seeds["FuzzStream"][name] = b"\x07" + data
        seeds["FuzzRoundTrip"][name] = data
        if len(data) < HEADER:
            continue
        type_byte, flags, length = data[3], data[4], struct.unpack(">I", data[8:12])[0]
        payload = data[HEADER:HEADER + length]
        if flags in (1, 3) and len(payload) == length:
            extra = {"dict": DICTIONARY_V1} if flags == 3 else {}
            try:
                payload = lz4.block.decompress(payload, uncompressed_size=struct.unpack(">I", data[12:16])[0], **extra)
            except lz4.block.LZ4BlockError:
                continue
        if 1 <= type_byte <= len(TYPES):
            seeds["FuzzPayload"][name] = bytes([type_byte - 1]) + payload
        if type_byte == TYPES["BATCH"]:
            seeds["FuzzBatch"][name] = payload
    for target, files in seeds.items():
        folder = os.path.join(root, target)
        os.makedirs(folder, exist_ok=True)
        for old in os.listdir(folder):
            if old.startswith("seed-"):
                os.remove(os.path.join(folder, old))
        for name, data in files.items():
            with open(os.path.join(folder, "seed-" + name), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
