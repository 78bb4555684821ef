"""`plans tables FILE`: every table found in one document, what it was recognised as, and why.

For each table: where it is printed, its caption and header, the kind it was read as and the field
each column went to (or `extra`); for a table no extractor took, the nearest kind and the fields
of that kind it lacks; then every row of a recognised table that gave no record, and why. This is
how a user adding a new council sees what the pipeline made of it. The document is read as
`plans build` reads it, its metadata overlaid with the `sources.yml` beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractors import EXTRACTORS
from extractors.vocabulary import match_header
from pipeline.document_metadata import manifest_entry, read_manifest, resolve
from pipeline.extract import extract_document
from pipeline.reading import read_document
from pipeline.reading.layout import Table


@dataclass
class TableReport:
    where: str
    caption: str
    header: list[str]
    kind: str | None
    columns: list[tuple[str, str]] = field(default_factory=list)  # printed header -> field or `extra`
    nearest: str | None = None
    lacks: list[str] = field(default_factory=list)


def _nearest(table: Table) -> tuple[str | None, list[str]]:
    """The kind whose vocabulary names most of the header, and the required fields it misses."""
    best, best_found, best_lacks = None, 0, []
    for extractor in EXTRACTORS:
        vocab = extractor.vocabulary
        if vocab is None or not vocab.fields or not table.header:
            continue
        found = match_header(table.header, vocab)
        if len(found) > best_found:
            best, best_found = extractor.kind, len(found)
            best_lacks = [name for name in vocab.required if name not in found]
    return best, best_lacks


@dataclass
class SkippedReport:
    where: str
    kind: str
    reason: str
    text: str


def report(path: Path) -> list[TableReport | SkippedReport]:
    doc = read_document(path, path.name)
    entries, _problems = read_manifest([path.parent])
    meta, _notes = resolve(doc, manifest_entry(entries, path.name))
    extraction = extract_document(doc, meta)
    reports = []
    for table in extraction.tables:
        where = f"page {table.page}" if table.page else f"line {table.line}"
        entry = TableReport(where=where, caption=table.caption, header=list(table.header), kind=table.kind)
        extractor = next((e for e in EXTRACTORS if e.kind == table.kind), None)
        if extractor is not None and extractor.vocabulary is not None and extractor.vocabulary.fields:
            found = extractor.column_roles(table.header)
            entry.columns = [(h, found.get(i, "extra")) for i, h in enumerate(table.header) if h.strip()]
        if table.kind is None:
            entry.nearest, entry.lacks = _nearest(table)
        reports.append(entry)
    for record in extraction.records:
        if record.table == "skipped_rows":
            where = f"page {record.page}" if record.page else f"line {record.line}"
            reports.append(SkippedReport(where, record.kind, record.reason, " | ".join(
                c.strip() for c in record.source_text.split("\t") if c.strip())))
    return reports


def format_report(reports: list[TableReport | SkippedReport]) -> str:
    lines = []
    tables = [r for r in reports if isinstance(r, TableReport)]
    for n, entry in enumerate(tables, 1):
        lines.append(f"{n}. {entry.where}: {entry.kind or 'unrecognised'}"
                     + (f"  caption: {entry.caption}" if entry.caption else ""))
        if entry.columns:
            lines.extend(f"     {printed} -> {name}" for printed, name in entry.columns)
        elif entry.header:
            lines.append("     header: " + " | ".join(h for h in entry.header if h.strip()))
        if entry.kind is None:
            if entry.nearest:
                lacking = ", ".join(entry.lacks) or "nothing required, but fits another kind less"
                lines.append(f"     nearest kind: {entry.nearest}; lacks: {lacking}")
            else:
                lines.append("     no kind's header words found" if entry.header else "     no header row found")
    skipped = [r for r in reports if isinstance(r, SkippedReport)]
    if skipped:
        lines.append(f"rows that gave no record ({len(skipped)}):")
        lines.extend(f"  {r.where}, {r.kind}: {r.reason}: {r.text[:100]}" for r in skipped)
    return "\n".join(lines) or "no tables found"
