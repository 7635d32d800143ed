"""Bytes to text: gzip, encoding sniffing (UTF-8 with or without BOM, cp1252), and a latin-1 fallback per
undecodable byte. Every reader of user files goes through it."""

from __future__ import annotations

import codecs
import gzip
import io
import sys
from pathlib import Path
from typing import IO


def open_bytes(path: Path) -> IO[bytes]:
    if str(path) == "-":
        return sys.stdin.buffer
    if path.name.lower().endswith(".gz"):
        return io.BufferedReader(gzip.open(path, "rb"), buffer_size=1 << 20)
    return open(path, "rb", buffering=1 << 20)


def detect_encoding(sample: bytes) -> str:
    """``utf-8-sig`` when the sample is UTF-8 (with or without BOM), else ``cp1252`` (a superset of Latin-1 for text)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"


def text_stream(raw: IO[bytes]) -> IO[str]:
    buf = raw if hasattr(raw, "peek") else io.BufferedReader(raw, buffer_size=1 << 20)
    enc = detect_encoding(buf.peek(1 << 20)[: 1 << 20])
    # cp1252 leaves five bytes undefined: decode them as Latin-1 would rather than fail the whole file.
    return io.TextIOWrapper(
        buf, encoding=enc, errors="replace" if enc.startswith("utf") else "latin1_fallback", newline=""
    )


def latin1_fallback(err: UnicodeDecodeError):
    return err.object[err.start : err.end].decode("latin-1"), err.end


codecs.register_error("latin1_fallback", latin1_fallback)  # what text_stream (and the TXT reader) name
