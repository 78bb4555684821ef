"""Scorecards: unit, indicator, last year's actual and target, trend mark, next year's target.

Which column holds which year's actual or target is read from the header (`2019/20 Performance`,
`2019/20 Target`, `2020/21 Target`), so a scorecard with more or fewer years needs no new code.
"""

from __future__ import annotations

import re

from extractors.base import Context, Extractor, match_columns, norm
from extractors.indicator_rows import Value, indicator_records
from extractors.units import resolve_unit
from pipeline.layout import Table
from pipeline.normalise import clean_text, parse_period
from pipeline.records import Record

TREND_MARKS = {
    "↑": "exceeded", "▲": "exceeded", "⬆": "exceeded",
    "▬": "met", "=": "met", "►": "met", "◄►": "met", "↔": "met",
    "↓": "below", "▼": "below", "⬇": "below",
}
_ACTUAL = re.compile(r"performance|actual|outturn|result", re.I)
_TARGET = re.compile(r"target", re.I)
_ASSESSMENT = re.compile(r"against\s+target|trend|status", re.I)


class ScorecardExtractor(Extractor):
    kind = "scorecard"

    def recognise(self, table: Table) -> float:
        found = match_columns(table.header, self.columns)
        values = self._value_columns(table.header)
        if "pi" not in found or not values:
            return 0.0
        filled = [h for h in table.header if h.strip()]
        coverage = (len(found) + len(values)) / max(len(filled), 1)
        caption = norm(table.caption)
        bonus = 0.5 if any(w in caption for w in self.caption_words) else 0.0
        return coverage + len(found) / len(self.columns) + bonus

    @staticmethod
    def _value_columns(header: list[str]) -> list[tuple[int, str, str | None]]:
        """(position, measure or 'assessment', period) for every value column of the header."""
        columns = []
        for i, cell in enumerate(header):
            if _ASSESSMENT.search(cell):
                columns.append((i, "assessment", None))
                continue
            period = parse_period(cell)
            if not period:
                continue
            if _TARGET.search(cell):
                columns.append((i, "target", period))
            elif _ACTUAL.search(cell):
                columns.append((i, "actual", period))
        return columns

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_columns(table.header, self.columns)
        value_columns = self._value_columns(table.header)
        records: list[Record] = []
        printed_unit = ""
        for row in table.rows:
            if "unit" in found and row.cell(found["unit"]):
                printed_unit = clean_text(row.cell(found["unit"]))
            pi = clean_text(row.cell(found["pi"]))
            if not pi or norm(pi) == norm(table.header[found["pi"]]):
                continue
            mark = next((row.cell(i) for i, m, _ in value_columns if m == "assessment"), "")
            assessment = TREND_MARKS.get(mark.strip())
            values = [
                Value(period, measure, row.cell(i), assessment if measure == "actual" else None)
                for i, measure, period in value_columns
                if measure != "assessment"
            ]
            service = resolve_unit(printed_unit, ctx) if printed_unit else (ctx.unit or ctx.plan_service)
            records.extend(indicator_records(ctx, row, pi, self.kind, service, values, index=0))
        return records
