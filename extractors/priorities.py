"""`Alignment with Corporate Priorities / Enablers`: priority, deliverable, the service's key
activities, indicators, and the previous year's performance and the plan year's target."""

from __future__ import annotations

import re
from typing import ClassVar

from extractors.base import Context, Extractor, match_columns, provenance, row_id
from extractors.indicator_rows import Value, indicator_records
from pipeline.indicators import split_indicators
from pipeline.layout import Table
from pipeline.normalise import clean_text, parse_period
from pipeline.records import PriorityRecord, Record
from pipeline.tables import join_rows

_DELIVERABLE = re.compile(r"^\s*\(?(?P<code>[A-Z]\d+(?:\.\d+)?)\)?\s*(?P<text>.*)$", re.S)
_NOT_INDICATOR = re.compile(r"^\s*action\s*:", re.I)


class PrioritiesExtractor(Extractor):
    kind = "priorities"
    columns: ClassVar[dict[str, list[str]]] = {
        "priority": ["Council priority / enabler", "Council enabler", "Council priority", "Priority"],
        "deliverable": ["Deliverable", "Deliverables"],
        "activities": ["key activity / process", "key activities / processes", "Activities"],
        "indicators": ["Indicator(s)", "Indicators", "Indicator"],
        "actual": ["Performance"],
        "target": ["Target"],
    }
    required = ("priority", "deliverable", "indicators")
    caption_words = ("alignment",)

    def recognise(self, table: Table) -> float:
        """A priority and a deliverable column together say alignment table, even without its caption
        (a scorecard also has indicator and year columns)."""
        score = super().recognise(table)
        return score + 0.25 if score else 0.0

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_columns(table.header, self.columns)
        actual_period = parse_period(table.header[found["actual"]]) if "actual" in found else None
        target_period = parse_period(table.header[found["target"]]) if "target" in found else ctx.period
        rows = join_rows(table.rows, lambda r: not r.cell(0) or r.cell(0)[:1].islower())
        records: list[Record] = []
        for row in rows:
            values = {col: clean_text(row.cell(i)) for col, i in found.items()}
            if not values.get("priority") and not values.get("deliverable"):
                continue
            deliverable = _DELIVERABLE.match(values.get("deliverable", ""))
            records.append(
                PriorityRecord(
                    **provenance(ctx, row),
                    priority_id=row_id(ctx, row, "priority"),
                    priority=values.get("priority") or None,
                    deliverable_code=deliverable["code"] if deliverable else None,
                    deliverable=(deliverable["text"] if deliverable else values.get("deliverable")) or None,
                    activities=values.get("activities") or None,
                    indicators=values.get("indicators") or None,
                )
            )
            indicators = [
                printed for printed, _ in split_indicators(values.get("indicators", ""))
                if printed and not _NOT_INDICATOR.match(printed)
            ]
            for n, printed in enumerate(indicators):
                measured = []
                if len(indicators) == 1:
                    measured = [
                        Value(actual_period, "actual", values.get("actual", "")),
                        Value(target_period, "target", values.get("target", "")),
                    ]
                records.extend(
                    indicator_records(ctx, row, printed, self.kind, ctx.plan_service, measured, index=n)
                )
        return records
