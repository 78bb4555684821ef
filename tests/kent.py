"""Kent County Council's published PDFs (`../shared/realworld/kent/`), read a few pages at a time.

A test reads the pages it checks and their neighbours (running headers are told from text by
being printed on every page read), once per test process.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from pipeline.reading import doc_id_for
from pipeline.reading.layout import Document
from pipeline.reading.pdf import read_lines

KENT = Path(__file__).parent.parent.parent / "shared" / "realworld" / "kent"
QPR = KENT / "kent-quarterly-performance-report-2024-25-q3.pdf"
KEY_SERVICES = KENT / "kent-key-service-statement-2025-26.pdf"
requires_kent = pytest.mark.skipif(not KENT.is_dir(), reason="the shared Kent documents are not beside the project")


@cache
def kent_pages(path: Path, *pages: int) -> Document:
    """These pages of one of Kent's PDFs, read as a document of their own."""
    data = path.read_bytes()
    lines, read = read_lines(data, path.name, only_pages=pages)
    return Document(source_file=path.name, doc_id=doc_id_for(data), format="pdf", lines=lines, pages=read)


def only(doc: Document, *pages: int) -> Document:
    """The document cut down to some of the pages read."""
    return replace(doc, lines=[ln for ln in doc.lines if ln.page in pages])
