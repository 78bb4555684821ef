"""From a read document to records: find tables and units, then run the extractors."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors import EXTRACTORS, Context, recognise
from extractors.base import LineExtractor, record_id
from pipeline.document_metadata import DocumentMeta
from pipeline.finding.mend import document_words, known_phrases, mend_caption, mend_split_words
from pipeline.finding.outline import Section, find_sections
from pipeline.finding.tables import find_tables
from pipeline.finding.units import Unit, contents_table, find_units, unit_at
from pipeline.normalise import strip_debris
from pipeline.reading.layout import Document, Table
from pipeline.records import Provenance, Record, ServiceRecord, UnrecognisedTableRecord


@dataclass
class Extraction:
    records: list[Record] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    unrecognised: int = 0


def _is_unit_header(table: Table, units: list[Unit]) -> bool:
    """A unit header printed as a two-column table (`Managers:` | name) is read by
    `finding/units.py`, not as a table."""
    return any(unit.header_line <= table.line <= unit.header_end for unit in units)


def extract_document(doc: Document, meta: DocumentMeta) -> Extraction:
    doc = mend_split_words(doc)
    words = document_words(doc)
    tables = find_tables(doc, words)
    phrases = known_phrases(doc)
    for table in tables:
        table.caption = mend_caption(table.caption, doc, phrases)
    units = find_units(doc, tables)
    contents = contents_table(tables)
    result = Extraction(tables=tables)
    for unit in units:
        result.records.append(
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
        )
    unit_names = [u.name for u in units]

    def context_at(line_no: int) -> Context:
        unit = unit_at(units, line_no)
        return Context(doc_id=doc.doc_id, period=meta.period, plan_service=meta.service,
                       unit=unit.name if unit else None, units=unit_names)

    def context_for(section: Section) -> Context:
        return context_at(section.line)

    # kinds printed as prose, lists or broken tables, read section by section; their lines are
    # claimed, so that the pieces the table finder saw there are not reported as unrecognised
    claimed: list[tuple[int, int, str]] = []
    sections = find_sections(doc)
    for extractor in EXTRACTORS:
        for find in extractor.read_sections(sections, context_for):
            result.records.extend(find.records)
            claimed.append((find.start, find.end, extractor.kind))
    # kinds printed as a pattern of lines anywhere: only their first and last lines are claimed,
    # since a box's lines may hold a table of another kind
    for extractor in EXTRACTORS:
        if not isinstance(extractor, LineExtractor):
            continue
        for find in extractor.read_lines(doc.lines, context_at, meta.title):
            result.records.extend(find.records)
            claimed.extend([(find.start, find.start, extractor.kind), (find.end, find.end, extractor.kind)])
    for table in tables:
        if _is_unit_header(table, units):
            table.kind = "unit_header"
            continue
        if table is contents:
            table.kind = "contents"
            continue
        last_line = max([table.line, *(r.line for r in table.rows)])
        owner = next((kind for start, end, kind in claimed if start <= last_line <= end), None)
        if owner:
            table.kind = owner
            continue
        extractor = recognise(table)
        if extractor is None:
            result.unrecognised += 1
            result.records.append(
                UnrecognisedTableRecord(
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
            )
            continue
        table.kind = extractor.kind
        result.records.extend(extractor.extract(table, context_at(table.line)))
    # A paged document's row is cited by its page: the reader's running line count is no place in it.
    cleaned = {"line": None} if doc.paged else {}
    result.records = [
        r.model_copy(update={"source_text": strip_debris(r.source_text), **cleaned})
        if isinstance(r, Provenance) else r
        for r in result.records
    ]
    return result
