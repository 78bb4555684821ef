"""A priorities × workstreams matrix: one row per priority (`IP2- Integrate resource …`), one column
per workstream, a mark where the workstream holds the priority (● primary, ○ secondary).

The role is read from the mark and the workstream from the column the mark sits in, so a mark is
never moved to another column. The table is recognised by its marks and by the words `priority`,
`workstream` or `responsibilities` in its caption or header.
"""

from __future__ import annotations

import re

from extractors.base import Context, Extractor, norm, provenance, row_id
from pipeline.normalise import clean_text
from pipeline.reading.layout import Table
from pipeline.records import Record, ResponsibilityRecord

ROLES = {
    "●": "primary", "⚫": "primary", "■": "primary",
    "○": "secondary", "◯": "secondary", "□": "secondary",
}
_PRIORITY = re.compile(r"^(?P<code>[A-Z]{1,4}\d{1,3}[a-z]?)\s*[-–:.)]\s*(?P<name>.+)$")


def _mark(cell: str) -> str | None:
    text = cell.strip()
    return ROLES.get(text) if text else None


class ResponsibilitiesExtractor(Extractor):
    kind = "responsibilities"

    def recognise(self, table: Table) -> float:
        if not table.header or not table.rows:
            return 0.0
        words = norm(f"{table.caption} {table.header_text}")
        if not any(w in words for w in self.caption_words):
            return 0.0
        marks = other = 0
        for row in table.rows:
            for cell in row.cells[1:]:
                if not cell.strip():
                    continue
                if _mark(cell):
                    marks += 1
                else:
                    other += 1
        return 1.0 if marks and not other else 0.0

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        records: list[Record] = []
        for row in table.rows:
            label = clean_text(row.cell(0))
            if not label:
                continue
            printed = _PRIORITY.match(label)
            code, priority = (printed["code"], printed["name"].strip()) if printed else (None, label)
            for index, cell in enumerate(row.cells):
                role = _mark(cell) if index else None
                if role is None:
                    continue
                workstream = clean_text(table.header[index]) if index < len(table.header) else ""
                records.append(
                    ResponsibilityRecord(
                        **provenance(ctx, row),
                        responsibility_id=row_id(ctx, row, f"c{index}"),
                        priority_code=code,
                        priority=priority,
                        workstream=workstream or f"column {index + 1}",
                        role=role,
                    )
                )
        return records
