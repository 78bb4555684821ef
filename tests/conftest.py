"""Shared test helpers: read a fixture excerpt through the real reader, table finder and extractors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document_metadata import DocumentMeta, infer
from pipeline.extract import Extraction, extract_document
from pipeline.reading import read_document

FIXTURES = Path(__file__).parent / "fixtures"
RAW = Path(__file__).parent.parent / "raw"

WEST_LOTHIAN_2020 = DocumentMeta(
    council="West Lothian Council", service="Corporate Services", period="2020/21",
    title="Corporate Services Management Plan 2020/21", doc_type="management_plan",
)
WEST_LOTHIAN_2021 = DocumentMeta(
    council="West Lothian Council", service="Housing, Customer & Building Services", period="2021/22",
    title="Housing, Customer & Building Services Management Plan 2021/22", doc_type="management_plan",
)


def extract_fixture(name: str, meta: DocumentMeta) -> Extraction:
    path = FIXTURES / name
    return extract_document(read_document(path, name), meta)


def rows_of(extraction: Extraction, table: str) -> list[dict]:
    """Records of one table, without provenance, for comparing whole rows."""
    drop = {"doc_id", "line", "page", "source_text", "extra"}
    return [
        {k: v for k, v in r.model_dump().items() if k not in drop and not k.endswith("_id")}
        for r in extraction.records
        if r.table == table
    ]


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds in raw/ built once for the whole session, with their exports: every test that
    reads the seed database shares it, and none may change it."""
    from pipeline.build import build

    db_path = tmp_path_factory.mktemp("seeds") / "plans.db"
    build([RAW], db_path)
    return db_path


@pytest.fixture
def extract():
    return extract_fixture


def extract_excerpt(name: str, **meta: str) -> tuple[DocumentMeta, list]:
    """Metadata inferred from the excerpt's own text (overlaid with `meta`), and every record."""
    doc = read_document(FIXTURES / name, name)
    inferred = infer(doc).model_copy(update=meta)
    return inferred, extract_document(doc, inferred).records


def of_table(records: list, table: str) -> list:
    return [r for r in records if r.table == table]


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
