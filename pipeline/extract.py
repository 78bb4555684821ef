"""From a read document to records: find tables and units, then run the extractors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from extractors import EXTRACTORS, Context, recognise
from extractors.base import LineExtractor, record_id
from pipeline.document_metadata import DocumentMeta
from pipeline.finding.mend import document_words, known_phrases, mend_caption, mend_split_words
from pipeline.finding.outline import find_sections
from pipeline.finding.tables import find_tables
from pipeline.finding.units import Unit, contents_table, find_units, unit_at
from pipeline.normalise import strip_debris
from pipeline.reading.layout import Document, Table
from pipeline.records import Provenance, Record, ServiceRecord, UnrecognisedTableRecord


class Claim(NamedTuple):
    """Lines read by a kind that is not a table: a table printed there is that kind's."""

    start: int
    end: int
    kind: str


@dataclass
class Extraction:
    records: list[Record] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    unrecognised: int = 0


def _is_unit_header(table: Table, units: list[Unit]) -> bool:
    """A unit header printed as a two-column table (`Managers:` | name) is read by
    `finding/units.py`, not as a table."""
    return any(unit.header_line <= table.line <= unit.header_end for unit in units)


def _unit_records(doc: Document, units: list[Unit]) -> list[Record]:
    return [
        ServiceRecord(
            doc_id=doc.doc_id,
            line=None if doc.paged else unit.header_line,
            page=unit.page,
            source_text=unit.source_text,
            service_id=record_id(doc.doc_id, unit.header_line, "unit"),
            name=unit.name,
            manager=unit.manager,
            staff_fte=unit.staff_fte,
            locations=unit.locations,
            name_source=unit.name_source,
        )
        for unit in units
    ]


def _unrecognised(doc: Document, table: Table) -> UnrecognisedTableRecord:
    """A table no extractor knew, kept cells and all."""
    return UnrecognisedTableRecord(
        doc_id=doc.doc_id,
        line=table.line,
        page=table.page,
        source_text="\n".join(r.source_text for r in table.rows[:3]),
        unrecognised_id=record_id(doc.doc_id, table.line, "table"),
        caption=table.caption or None,
        header=" | ".join(h for h in table.header if h) or None,
        rows=len(table.rows),
        cells=[list(table.header), *(list(r.cells) for r in table.rows)],
    )


def _read_without_tables(doc: Document, meta: DocumentMeta, context_at: Callable[[int], Context],
                         result: Extraction) -> list[Claim]:
    """Kinds printed as prose, lists or broken tables (read section by section) and as patterns of
    lines: their records, and the lines they claim, so that the pieces the table finder saw there
    are not reported as unrecognised."""
    claimed: list[Claim] = []
    sections = find_sections(doc)
    for extractor in EXTRACTORS:
        for find in extractor.read_sections(sections, lambda section: context_at(section.line)):
            result.records.extend(find.records)
            claimed.append(Claim(find.start, find.end, extractor.kind))
    # only a box's first and last lines are claimed, since its lines may hold a table of another kind
    for extractor in EXTRACTORS:
        if not isinstance(extractor, LineExtractor):
            continue
        for find in extractor.read_lines(doc.lines, context_at, meta.title):
            result.records.extend(find.records)
            claimed.extend([Claim(find.start, find.start, extractor.kind), Claim(find.end, find.end, extractor.kind)])
    return claimed


def _read_tables(doc: Document, units: list[Unit], claimed: list[Claim],
                 context_at: Callable[[int], Context], result: Extraction) -> None:
    """Each table not claimed: by the extractor whose vocabulary fits it, or kept unrecognised."""
    contents = contents_table(result.tables)
    for table in result.tables:
        if _is_unit_header(table, units):
            table.kind = "unit_header"
            continue
        if table is contents:
            table.kind = "contents"
            continue
        last_line = max([table.line, *(r.line for r in table.rows)])
        owner = next((c.kind for c in claimed if c.start <= last_line <= c.end), None)
        if owner:
            table.kind = owner
            continue
        extractor = recognise(table)
        if extractor is None:
            result.unrecognised += 1
            result.records.append(_unrecognised(doc, table))
            continue
        table.kind = extractor.kind
        result.records.extend(extractor.extract(table, context_at(table.line)))


def extract_document(doc: Document, meta: DocumentMeta) -> Extraction:
    """Every record of one document, and the tables found in it (each with the kind it was read as)."""
    doc = mend_split_words(doc)
    tables = find_tables(doc, document_words(doc))
    phrases = known_phrases(doc)
    for table in tables:
        table.caption = mend_caption(table.caption, doc, phrases)
    units = find_units(doc, tables)
    result = Extraction(records=_unit_records(doc, units), tables=tables)
    unit_names = [u.name for u in units]

    def context_at(line_no: int) -> Context:
        unit = unit_at(units, line_no)
        return Context(doc_id=doc.doc_id, period=meta.period, plan_service=meta.service,
                       unit=unit.name if unit else None, units=unit_names)

    claimed = _read_without_tables(doc, meta, context_at, result)
    _read_tables(doc, units, claimed, context_at, result)
    # A paged document's row is cited by its page: the reader's running line count is no place in it.
    cleaned = {"line": None} if doc.paged else {}
    result.records = [
        r.model_copy(update={"source_text": strip_debris(r.source_text), **cleaned})
        if isinstance(r, Provenance) else r
        for r in result.records
    ]
    return result
