"""The plan's own schedule (`Corporate Plan | The Corporate Plan was approved … | February 2018`):
the stages of writing, approving and publishing the plan, into `plan_schedule`.

Printed without a header, it is recognised by its shape: three columns whose last cell, on most
rows, says when (`January to March 2020`). A stage's name and description can wrap over several
printed lines (`Housing, Customer` / `and Building Services planning`); the lines up to the one
that says when are one stage.
"""

from __future__ import annotations

import re

from extractors.base import Context, Extractor, provenance, row_id
from pipeline.normalise import MONTHS, clean_text, parse_month
from pipeline.reading.layout import Row, Table
from pipeline.records import PlanStageRecord, Record

_MONTH = r"(?:" + "|".join(name[:3] + r"[a-z]*\.?" for name in MONTHS) + r")"
_YEAR = r"(?:19|20)\d{2}"
_WHEN = re.compile(rf"^{_MONTH}(?:\s+{_YEAR})?(?:\s*(?:to|-|–|and)\s*{_MONTH})?\s+{_YEAR}$", re.I)
_MONTH_WORD = re.compile(rf"{_MONTH}", re.I)
# Share of stages that must say when for the table to be a schedule.
TIMED_SHARE = 0.75


def _when(row: Row) -> str:
    filled = [clean_text(c) for c in row.cells if c.strip()]
    return filled[-1] if len(filled) >= 2 and _WHEN.match(filled[-1]) else ""


def _stages(table: Table) -> list[list[Row]]:
    rows = ([Row(cells=table.header, line=table.line)] if table.header else []) + table.rows
    stages, current = [], []
    for row in rows:
        if not any(c.strip() for c in row.cells):
            continue
        current.append(row)
        if _when(row):
            stages.append(current)
            current = []
    if current:
        stages.append(current)
    return stages


class PlanScheduleExtractor(Extractor):
    kind = "plan_schedule"

    def recognise(self, table: Table) -> float:
        stages = _stages(table)
        widths = {len(row.cells) for stage in stages for row in stage}
        if len(stages) < 3 or widths != {3}:
            return 0.0
        timed = sum(bool(_when(stage[-1])) for stage in stages)
        return 1.0 if timed / len(stages) >= TIMED_SHARE else 0.0

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        records: list[Record] = []
        for stage in _stages(table):
            name = " ".join(clean_text(r.cells[0]) for r in stage if r.cells[0].strip())
            description = " ".join(clean_text(r.cells[1]) for r in stage if r.cells[1].strip())
            when = _when(stage[-1])
            first = next((r for r in stage if r.cells[0].strip()), stage[0])
            year = re.search(_YEAR, when)
            months = _MONTH_WORD.findall(when)
            records.append(PlanStageRecord(
                **{**provenance(ctx, first), "source_text": "\n".join(r.source_text for r in stage)},
                stage_id=row_id(ctx, first, "stage"),
                stage=name or description,
                description=description or None,
                timing=when or None,
                start=parse_month(f"{months[0]} {year.group(0)}") if months and year else None,
                end=parse_month(f"{months[-1]} {year.group(0)}") if months and year else None,
            ))
        return records
