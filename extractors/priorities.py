"""`Alignment with Corporate Priorities / Enablers`: priority, deliverable, the service's key
activities, indicators, and the previous year's performance and the plan year's target.

A deliverable starts with its code (`(E2.1)`, `(P3.4)`); a row without one continues the row
above: its text cells extend the deliverable and activities, and an indicator printed on it is one
more indicator of that deliverable, with its own values.
"""

from __future__ import annotations

import re

from extractors.base import Context, Extractor, provenance, row_id, unmapped
from extractors.indicator_rows import Value, indicator_records
from extractors.vocabulary import match_header
from pipeline.finding.tables import fold_values
from pipeline.linking.mentions import parse_mention, split_indicators
from pipeline.normalise import clean_text, parse_period
from pipeline.reading.layout import Row, Table
from pipeline.records import PriorityRecord, Record

_DELIVERABLE = re.compile(r"^\s*\((?P<code>[A-Z]\d+(?:\.\d+)?)\)\s*(?P<text>.*)$", re.S)
_NOT_INDICATOR = re.compile(r"^\s*action\s*:", re.I)
_MARK = re.compile(r"^[•●◆▪·\-–]+$")
_VALUE_TOKEN = re.compile(r"£?\d[\d,]*(?:\.\d+)?\s*(?:%|days?\b|hours?\b)?")
_TEXT_COLUMNS = ("priority", "deliverable", "activities")


class PrioritiesExtractor(Extractor):
    kind = "priorities"

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_header(table.header, self.vocabulary)
        actual_period = parse_period(table.header[found["actual"]]) if "actual" in found else None
        target_period = parse_period(table.header[found["target"]]) if "target" in found else ctx.period
        spare = [i for i in range(len(table.header)) if i not in found.values()]
        placed = [self._split(row, table.header, found, spare) for row in table.rows]
        coded = any(_DELIVERABLE.match(cells["deliverable"]) for cells, _ in placed)
        groups: list[tuple[Row, dict, list[tuple[str, str, str]], dict[str, str]]] = []
        for row, (cells, extra) in zip(table.rows, placed, strict=True):
            if not any(cells.values()) and not extra:
                continue
            starts = bool(_DELIVERABLE.match(cells["deliverable"])) if coded else bool(cells["priority"])
            indicator = (cells["indicators"], cells["actual"], cells["target"])
            if starts or not groups:
                groups.append((row, {c: cells[c] for c in _TEXT_COLUMNS}, [indicator], extra or {}))
                continue
            top, text, indicators, kept = groups[-1]
            fold_values(text, {c: cells[c] for c in _TEXT_COLUMNS})
            fold_values(kept, extra or {})
            indicators.append(indicator)
            groups[-1] = (top.continued_by(row), text, indicators, kept)
        records: list[Record] = []
        for row, text, indicators, kept in groups:
            deliverable = _DELIVERABLE.match(text["deliverable"])
            records.append(
                PriorityRecord(
                    **provenance(ctx, row),
                    priority_id=row_id(ctx, row, "priority"),
                    priority=text["priority"] or None,
                    deliverable_code=deliverable["code"] if deliverable else None,
                    deliverable=(deliverable["text"] if deliverable else text["deliverable"]) or None,
                    activities=text["activities"] or None,
                    indicators=" ".join(i for i, _, _ in indicators if i) or None,
                    extra=kept or None,
                )
            )
            index = 0
            for cell, actual, target in indicators:
                printed = self._indicators(cell)
                actuals = self._share(actual, len(printed))
                targets = self._share(target, len(printed))
                for n, name in enumerate(printed):
                    values = [Value(actual_period, "actual", actuals[n]), Value(target_period, "target", targets[n])]
                    records.extend(  # the alignment is the plan's own, whichever unit's section prints it
                        indicator_records(ctx, row, name, self.kind, ctx.plan_service, values, index=index)
                    )
                    index += 1
        return records

    @classmethod
    def _split(cls, row: Row, header: list[str], found: dict[str, int],
               spare: list[int]) -> tuple[dict[str, str], dict | None]:
        """A row's cells placed in the fields, and those under columns no field takes (`extra`).

        A row printing every column of a header with columns of its own is read by position: the
        spare columns go to `extra` and the rest are placed as any row is."""
        if not spare or len(row.cells) != len(header):
            return cls._place(row.cells, found), None
        taken = sorted(found.values())
        cells = [row.cells[i] for i in taken]
        return cls._place(cells, {f: taken.index(i) for f, i in found.items()}), unmapped(header, taken, row)

    @staticmethod
    def _place(cells: list[str], found: dict[str, int]) -> dict[str, str]:
        """Values from the right (target and performance as the header orders them, then indicators);
        text columns by position."""
        indexed = [(i, clean_text(c)) for i, c in enumerate(cells)]
        indexed = [(i, c) for i, c in indexed if c and not _MARK.match(c)]
        placed = {c: "" for c in (*_TEXT_COLUMNS, "indicators", "actual", "target")}
        # the value columns are popped from the right in the order the header prints them
        tail = sorted((c for c in ("target", "actual") if c in found), key=lambda c: -found[c])
        for column in tail:
            if indexed and len(indexed) > 1:
                placed[column] = indexed.pop()[1]
        if indexed:
            placed["indicators"] = indexed.pop()[1]
        for position, text in indexed:
            column = _TEXT_COLUMNS[min(position, len(_TEXT_COLUMNS) - 1)]
            placed[column] = f"{placed[column]} {text}".strip()
        return placed

    @staticmethod
    def _indicators(cell: str) -> list[str]:
        names = []
        for printed, _ in split_indicators(cell):
            if not printed or _NOT_INDICATOR.match(printed):
                continue
            mention = parse_mention(printed)
            if mention.code or (len(mention.name.split()) > 2 and mention.name[:1].isupper()):
                names.append(printed)
        return names

    @staticmethod
    def _share(cell: str, count: int) -> list[str]:
        """One value per indicator: a cell printing several values is split between them."""
        if count <= 1:
            return [cell] * count
        tokens = _VALUE_TOKEN.findall(cell)
        if len(tokens) == count and not _VALUE_TOKEN.sub("", cell).strip():
            return [t.strip() for t in tokens]
        return [cell] * count
