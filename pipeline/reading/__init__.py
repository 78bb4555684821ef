"""Readers turn one input file into a `Document` of numbered lines.

The reader is chosen by the file's suffix (`READERS`); every reader produces the same `Line`
objects, so that the table finder and the extractors never need to know the input format. A
paged document's rows are cited by page, the others' by line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pipeline.errors import UnreadableDocument
from pipeline.reading.layout import Document
from pipeline.reading.pdf_settings import ReaderSettings

from . import text


class ReadOptions(BaseModel):
    """How documents are read, by format: what `plans build --pdf-setting` sets. Part of each
    document's cache key, so a document read one way is never reused for another."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pdf: ReaderSettings = ReaderSettings()


DEFAULT_OPTIONS = ReadOptions()


def _read_pdf(data: bytes, source_file: str, doc_id: str, options: ReadOptions) -> Document:
    from . import pdf  # pdfplumber is only imported when a PDF is read

    lines, pages = pdf.read_lines(data, source_file, options.pdf)
    return Document(source_file=source_file, doc_id=doc_id, format="pdf", lines=lines, pages=pages)


def _read_text(data: bytes, source_file: str, doc_id: str, options: ReadOptions) -> Document:
    lines, encoding = text.read_text(data, source_file)
    return Document(source_file=source_file, doc_id=doc_id, format="text", lines=lines, encoding=encoding)


# Each input format's reader, by file suffix: a new format is one reader and one line here.
READERS: dict[str, Callable[[bytes, str, str, ReadOptions], Document]] = {
    ".pdf": _read_pdf,
    ".txt": _read_text,
    ".text": _read_text,
}
SUFFIXES = set(READERS)


def doc_id_for(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def read_document(path: Path, source_file: str, options: ReadOptions = DEFAULT_OPTIONS) -> Document:
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise UnreadableDocument(f"unsupported file type {suffix!r}", source_file)
    data = path.read_bytes()
    return READERS[suffix](data, source_file, doc_id_for(data), options)
