"""Readers turn one input file into a `Document` of numbered lines.

The reader is chosen by the file's suffix; every reader produces the same `Line` objects so
that the table finder and the extractors never need to know the input format.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import UnreadableDocument
from pipeline.layout import Document

from . import text

TEXT_SUFFIXES = {".txt", ".text"}
PDF_SUFFIXES = {".pdf"}
SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES


def doc_id_for(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def read_document(path: Path, source_file: str) -> Document:
    data = path.read_bytes()
    doc_id = doc_id_for(data)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        from . import pdf  # pdfplumber is only imported when a PDF is read

        lines, pages = pdf.read_lines(data, source_file)
        return Document(source_file=source_file, doc_id=doc_id, format="pdf", lines=lines, pages=pages)
    if suffix in TEXT_SUFFIXES:
        lines, encoding = text.read_text(data, source_file)
        return Document(source_file=source_file, doc_id=doc_id, format="text", lines=lines, encoding=encoding)
    raise UnreadableDocument(f"unsupported file type {suffix!r}", source_file)
