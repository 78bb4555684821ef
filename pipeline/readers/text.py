"""Plain-text plans (conversions of the councils' PDFs): one `Line` per printed line.

Cells are the line's tab-separated pieces, which is how the conversions mark table columns.
"""

from __future__ import annotations

import codecs

from pipeline.errors import UnreadableDocument
from pipeline.layout import Line

# Share of control characters above which a file is taken to be binary, not text.
MAX_CONTROL_SHARE = 0.01


def decode(data: bytes, source_file: str) -> str:
    if not data.strip():
        raise UnreadableDocument("the file is empty", source_file)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise UnreadableDocument("the file is binary, not text (it contains NUL bytes)", source_file)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(
            f"the file is not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})", source_file
        ) from exc
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > MAX_CONTROL_SHARE * len(text):
        raise UnreadableDocument("the file is binary, not text (too many control characters)", source_file)
    return text


def read_lines(data: bytes, source_file: str) -> list[Line]:
    text = decode(data, source_file)
    lines = []
    for no, raw in enumerate(text.splitlines(), start=1):
        raw = raw.replace("\f", "")
        cells = tuple(raw.split("\t")) if "\t" in raw else (raw,)
        lines.append(Line(no=no, text=raw, cells=cells))
    return lines
