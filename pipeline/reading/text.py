"""Plain-text plans (conversions of the councils' PDFs): one `Line` per printed line.

Cells are the line's tab-separated pieces, which is how the conversions mark table columns.

Text is decoded as UTF-8 where it is UTF-8; UTF-16 is recognised by its byte-order mark, or
without one by the zero bytes every other byte of English text carries; anything else is read as
Windows-1252 (cp1252, the superset of latin-1 that Office exports use), or latin-1 where it uses
the five bytes cp1252 leaves undefined. The encoding used is kept with the document.
"""

from __future__ import annotations

import codecs

from pipeline.errors import UnreadableDocument
from pipeline.reading.layout import Line

# Share of control characters above which a file is taken to be binary, not text.
MAX_CONTROL_SHARE = 0.01
# UTF-16 without a byte-order mark: at least this share of the high bytes of its code units are
# zero (English text: all of them), and at most this share of the low bytes.
UTF16_ZERO_HIGH = 0.7
UTF16_ZERO_LOW = 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` where the zero bytes fall as UTF-16 text puts them, else None."""
    if len(data) < 2:
        return None
    even, odd = data[0::2], data[1::2]
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd >= UTF16_ZERO_HIGH and zero_even <= UTF16_ZERO_LOW:
        return "utf-16-le"
    if zero_even >= UTF16_ZERO_HIGH and zero_odd <= UTF16_ZERO_LOW:
        return "utf-16-be"
    return None


def _utf16(data: bytes, encoding: str, source_file: str) -> str:
    if len(data) % 2:
        raise UnreadableDocument(f"the file is {encoding.upper()} text with an odd number of bytes "
                                 f"({len(data)}): it was cut short", source_file)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(f"the file is not valid {encoding.upper()} text "
                                 f"(bytes {exc.start}-{exc.end}: {exc.reason})", source_file) from exc


def decode_text(data: bytes, source_file: str) -> tuple[str, str]:
    """The file's text and the encoding it was read in."""
    if not data.strip():
        raise UnreadableDocument("the file is empty", source_file)
    if data.startswith(codecs.BOM_UTF16_LE):
        text, encoding = _utf16(data[2:], "utf-16-le", source_file), "utf-16"
    elif data.startswith(codecs.BOM_UTF16_BE):
        text, encoding = _utf16(data[2:], "utf-16-be", source_file), "utf-16"
    elif (utf16 := _utf16_without_bom(data)) is not None:
        text, encoding = _utf16(data, utf16, source_file), utf16
    elif b"\x00" in data:
        raise UnreadableDocument("the file is binary, not text (it contains NUL bytes)", source_file)
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), "latin-1"
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x80 <= ord(ch) < 0xA0)
    if controls > MAX_CONTROL_SHARE * len(text):
        raise UnreadableDocument("the file is binary, not text (too many control characters)", source_file)
    return text, encoding


def read_text(data: bytes, source_file: str) -> tuple[list[Line], str]:
    """The file's lines, and the encoding they were read in."""
    text, encoding = decode_text(data, source_file)
    lines = []
    for no, raw in enumerate(text.splitlines(), start=1):
        raw = raw.replace("\f", "")
        cells = tuple(raw.split("\t")) if "\t" in raw else (raw,)
        lines.append(Line(no=no, text=raw, cells=cells))
    return lines, encoding

