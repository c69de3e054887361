"""Parsers for the wrappers around weights: JSON text and zip archives, each bounded before use.

JSON (a Keras config.json, a safetensors header): the size is checked, then the nesting depth is
counted outside strings before json.loads runs, because CPython's json recurses once per level.
Zip (.npz, .keras): the end-of-central-directory record is read first (APPNOTE.TXT 4.3.16) to
bound how many entries zipfile will parse; then every entry's declared size, compression ratio
and name are checked before a byte of it is inflated. Members are read into memory, never
extracted to disk. Source: PKWARE's APPNOTE.TXT; the Python zipfile and json documentation.
"""

import io
import json
import re
import struct
import zipfile
import zlib

from .errors import WeightsError, shown
from .limits import MAX_JSON_BYTES, MAX_JSON_DEPTH, MAX_ZIP_MEMBERS, MAX_ZIP_RATIO

TOKENS = re.compile(rb'[\[\]{}"\\]')  # the only bytes that change nesting or string state
EOCD = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_END = b"PK\x06\x06"


def bounded_json(data, what, max_bytes=MAX_JSON_BYTES, max_depth=MAX_JSON_DEPTH):
    """json.loads(data) after checking its size and nesting depth; any fault is a WeightsError."""
    if len(data) > max_bytes:
        raise WeightsError(f"{what} has {len(data):,} bytes; at most {max_bytes:,} are accepted")
    if nesting_depth(data, max_depth) > max_depth:
        raise WeightsError(f"{what} nests deeper than {max_depth} levels; real files nest about 10")
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise WeightsError(f"{what} is not valid JSON: {exc}") from None


def nesting_depth(data, stop):
    """The deepest [ / { nesting outside strings, counted up to `stop` + 1, in one linear pass.

    One pass over the bracket, quote and backslash bytes: a regular expression for whole strings
    would rescan from every unclosed quote, which is quadratic on hostile input.
    """
    depth = deepest = 0
    in_string, escaped_at = False, -1
    for token in TOKENS.finditer(data):
        at, byte = token.start(), data[token.start()]
        if at == escaped_at:
            continue
        if in_string:
            if byte == 0x5C:  # backslash: the next byte is escaped
                escaped_at = at + 1
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > stop:
                break
        elif byte in b"]}":
            depth -= 1
    return deepest


def check_directory(data, what):
    """Bound the work zipfile will do: entry count and directory size from the end records.

    zipfile trusts a zip64 end record (which torch.save writes) over the classic one, so both are read.
    """
    end = data.rfind(EOCD, max(0, len(data) - 22 - 65535))
    if end < 0 or len(data) - end < 22:
        raise WeightsError(f"{what} is not a complete zip archive (no end-of-directory record)")
    entries, directory_size = struct.unpack("<HI", data[end + 10 : end + 16])
    if data[max(0, end - 20) : end].startswith(ZIP64_LOCATOR):
        record = data[max(0, end - 76) : end - 20]  # where zipfile looks: right before the locator
        if len(record) != 56 or not record.startswith(ZIP64_END):
            raise WeightsError(f"{what} has a damaged zip64 end record")
        entries, directory_size = struct.unpack("<QQ", record[32:48])
    if entries > MAX_ZIP_MEMBERS or directory_size > MAX_ZIP_MEMBERS * 1024:
        raise WeightsError(f"{what} declares {entries:,} members in a {directory_size:,}-byte directory; "
                           f"at most {MAX_ZIP_MEMBERS} members are accepted")


def check_member(info, what, limits):
    name = info.filename
    if name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/") or re.match(r"^[A-Za-z]:", name):
        raise WeightsError(f"{what} holds a member named {shown(name)}, a path outside the archive; refused")
    if info.flag_bits & 0x1:
        raise WeightsError(f"{what} holds an encrypted member {shown(name)}")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise WeightsError(f"{what}: member {shown(name)} uses compression method {info.compress_type}; "
                           "accepted are stored (0) and deflate (8)")
    limits.check_bytes(info.file_size, f"member {shown(name)} of {what} (unpacked)")
    if info.file_size > 2**20 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
        raise WeightsError(f"{what}: member {shown(name)} would unpack {info.compress_size:,} bytes into "
                           f"{info.file_size:,} (more than {MAX_ZIP_RATIO}:1), which is how zip bombs look")


def read_zip(data, what, limits):
    """({member name: bytes}, comment) of a zip archive held in memory, after checking every
    declared size. The archive's comment (at most 65,535 bytes: the end record gives its length in
    16 bits) is where a .npz that gru_viz wrote keeps its metadata."""
    check_directory(data, what)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            comment = archive.comment
            infos = archive.infolist()
            names = [info.filename for info in infos]
            if len(set(names)) != len(names):
                raise WeightsError(f"{what} holds two members with one name")
            for info in infos:
                check_member(info, what, limits)
            limits.check_bytes(sum(info.file_size for info in infos), f"{what} (all members unpacked)")
            members = {}
            for info in infos:
                with archive.open(info) as member:
                    blob = member.read(info.file_size + 1)
                if len(blob) != info.file_size:
                    raise WeightsError(f"{what}: member {shown(info.filename)} is not the size its header declares")
                members[info.filename] = blob
    except WeightsError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, struct.error, ValueError) as exc:
        # zipfile reports some damage as ValueError (a negative seek from a lying directory offset)
        raise WeightsError(f"{what} is a damaged zip archive: {exc}") from None
    return members, comment
