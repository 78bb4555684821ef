"""Shared helpers: read a fixture (an excerpt of a seed) and run it through the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import extract_document
from pipeline.metadata import DocumentMeta, infer
from pipeline.readers import read_document

FIXTURES = Path(__file__).parent / "fixtures"


def extract_fixture(name: str, **meta: str) -> tuple[DocumentMeta, list]:
    """Metadata inferred from the excerpt (overlaid with `meta`) and every record extracted."""
    doc = read_document(FIXTURES / name, name)
    inferred = infer(doc).model_copy(update=meta)
    return inferred, extract_document(doc, inferred).records


def of_table(records: list, table: str) -> list:
    return [r for r in records if r.table == table]


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
