"""From a read document to records: find tables and units, then run the extractors."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors import Context, recognise
from pipeline.layout import Document, Table
from pipeline.metadata import DocumentMeta
from pipeline.records import Record, ServiceRecord, UnrecognisedTableRecord
from pipeline.sections import Unit, contents_table, find_units, unit_at
from pipeline.tables import find_tables, vocabulary


@dataclass
class Extraction:
    records: list[Record] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    unrecognised: int = 0


def _is_unit_header(table: Table, units: list[Unit]) -> bool:
    return any(unit.header_line <= table.line <= unit.header_line + 6 and table.caption.lower().startswith(
        ("manager", "service manager")) for unit in units)


def extract_document(doc: Document, meta: DocumentMeta) -> Extraction:
    vocab = vocabulary(doc)
    tables = find_tables(doc, vocab)
    units = find_units(doc, tables)
    contents = contents_table(tables)
    result = Extraction(tables=tables)
    for unit in units:
        result.records.append(
            ServiceRecord(
                doc_id=doc.doc_id,
                line=unit.header_line if doc.format == "text" else None,
                page=unit.page,
                source_text=unit.source_text,
                service_id=f"{doc.doc_id}-L{unit.header_line:05d}-unit",
                name=unit.name,
                manager=unit.manager,
                staff_fte=unit.staff_fte,
                locations=unit.locations,
                name_source=unit.name_source,
            )
        )
    unit_names = [u.name for u in units]
    for table in tables:
        if _is_unit_header(table, units):
            table.kind = "unit_header"
            continue
        if table is contents:
            table.kind = "contents"
            continue
        extractor = recognise(table)
        unit = unit_at(units, table.line)
        if extractor is None:
            result.unrecognised += 1
            result.records.append(
                UnrecognisedTableRecord(
                    doc_id=doc.doc_id,
                    line=table.line,
                    page=table.page,
                    source_text="\n".join(r.source_text for r in table.rows[:3]),
                    unrecognised_id=f"{doc.doc_id}-L{table.line:05d}-table",
                    caption=table.caption or None,
                    header=" | ".join(h for h in table.header if h) or None,
                    rows=len(table.rows),
                )
            )
            continue
        table.kind = extractor.kind
        ctx = Context(
            doc_id=doc.doc_id,
            period=meta.period,
            plan_service=meta.service,
            unit=unit.name if unit else None,
            units=unit_names,
            vocab=vocab,
        )
        result.records.extend(extractor.extract(table, ctx))
    if doc.format == "pdf":
        # A PDF row is found by its page; the reader's running line count is no place in the file.
        result.records = [r.model_copy(update={"line": None}) if getattr(r, "line", None) else r
                          for r in result.records]
    return result
