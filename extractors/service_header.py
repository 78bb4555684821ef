"""A plan's service header printed as `key: value` lines (`Service Area : Chief Executives Office`,
`Service Area Manager: …`, `Deputy Chief Executives: …`, `Portfolio Holder(s): …`), into
`services`.

A header that opens each unit's section (`Service manager: … Number of staff: …`, the unit's
name in the heading above it) marks where the units begin and is read with them in
pipeline.finding.units; this is a plan's header printed as a table of keys and values, recognised
by its keys.
"""

from __future__ import annotations

import re
from typing import ClassVar

from extractors.base import Context, Extractor, provenance, record_id
from pipeline.normalise import clean_text
from pipeline.reading.layout import Row, Table
from pipeline.records import Record, ServiceRecord

# field -> patterns of the printed key (checked in this order: `Service Area Manager` is a manager)
KEYS: dict[str, re.Pattern[str]] = {
    "deputies": re.compile(r"\bdeput", re.I),
    "portfolio_holder": re.compile(r"\bportfolio\s+holder", re.I),
    "manager": re.compile(r"\bmanager|\bhead\s+of\s+service", re.I),
    "name": re.compile(r"^(?:service(?:\s+area)?|directorate)$", re.I),
}


def field_of(key: str) -> str | None:
    key = clean_text(key).rstrip(" :").strip()
    for name, pattern in KEYS.items():
        if pattern.search(key):
            return name
    return None


def _pairs(table: Table) -> list[tuple[str, str, Row | None]]:
    pairs: list[tuple[str, str, Row | None]] = []
    if ":" in table.caption:
        key, _, value = table.caption.partition(":")
        pairs.append((key, value, None))
    for row in [Row(cells=table.header, line=table.line), *table.rows]:
        filled = [c for c in row.cells if c.strip()]
        if len(filled) >= 2 and filled[0].strip().endswith(":"):
            pairs.append((filled[0], " ".join(filled[1:]), row))
        elif len(filled) == 1 and ":" in filled[0]:
            key, _, value = filled[0].partition(":")
            pairs.append((key, value, row))
    return pairs


class ServiceHeaderExtractor(Extractor):
    kind = "service_header"
    columns: ClassVar[dict[str, list[str]]] = {}

    def recognise(self, table: Table) -> float:
        fields = {field_of(key) for key, _, _ in _pairs(table)} - {None}
        return 1.0 if len(fields) >= 2 and fields & {"manager", "deputies", "portfolio_holder"} else 0.0

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        values: dict[str, str] = {}
        lines = [table.caption] if ":" in table.caption else []
        for key, value, row in _pairs(table):
            name = field_of(key)
            if name and clean_text(value):
                values.setdefault(name, clean_text(value))
            if row is not None:
                lines.append(row.source_text or " ".join(row.cells))
        name = values.get("name") or ctx.service or "unnamed service"
        first = table.rows[0] if table.rows else Row(cells=table.header, line=table.line)
        return [
            ServiceRecord(
                **{**provenance(ctx, first), "line": table.line, "source_text": "\n".join(lines)},
                service_id=record_id(ctx.doc_id, table.line, "unit"),
                name=name,
                manager=values.get("manager"),
                deputies=values.get("deputies"),
                portfolio_holder=values.get("portfolio_holder"),
                name_source="header",
            )
        ]
