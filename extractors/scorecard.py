"""Scorecards: unit, indicator, last year's actual and target, trend mark, next year's target.

Which column holds which year's actual or target is read from the header (`2019/20 Performance`,
`2019/20 Target`, `2020/21 Target`), so a scorecard with more or fewer years needs no new code.
"""

from __future__ import annotations

import re

from extractors.base import Context, Extractor, norm, unmapped
from extractors.indicator_rows import Value, indicator_records
from extractors.vocabulary import match_header
from pipeline.finding.units import resolve_unit
from pipeline.normalise import clean_text, parse_quarter_period
from pipeline.reading.layout import Table
from pipeline.records import Record

_ACTUAL = re.compile(r"performance|actual|outturn|result", re.I)
_TARGET = re.compile(r"target", re.I)
_ASSESSMENT = re.compile(r"against\s+target|trend|status", re.I)


class ScorecardExtractor(Extractor):
    kind = "scorecard"

    def recognise(self, table: Table) -> float:
        found = match_header(table.header, self.vocabulary)
        values = self._value_columns(table.header)
        if "pi" not in found or not values:
            return 0.0
        filled = [h for h in table.header if h.strip()]
        coverage = (len(found) + len(values)) / max(len(filled), 1)
        caption = norm(table.caption)
        bonus = 0.5 if any(w in caption for w in self.caption_words) else 0.0
        return coverage + len(found) / len(self.columns) + bonus

    @staticmethod
    def _value_columns(header: list[str], taken: set[int] | None = None) -> list[tuple[int, str, str | None]]:
        """(position, measure or 'assessment', period) for every value column of the header that
        no named field (`taken`) holds; a quarter in the header makes the period `2024/25 Q2`."""
        columns = []
        for i, cell in enumerate(header):
            if i in (taken or set()):
                continue
            if _ASSESSMENT.search(cell):
                columns.append((i, "assessment", None))
                continue
            period = parse_quarter_period(cell)
            if not period:
                continue
            if _TARGET.search(cell):
                columns.append((i, "target", period))
            elif _ACTUAL.search(cell):
                columns.append((i, "actual", period))
        return columns

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_header(table.header, self.vocabulary)
        value_columns = self._value_columns(table.header, set(found.values()))
        actuals = [(period or "", i) for i, measure, period in value_columns if measure == "actual"]
        latest = max(actuals)[1] if actuals else None  # the RAG and direction columns speak of it
        records: list[Record] = []
        printed_unit = ""
        for row in table.rows:
            if "unit" in found and row.cell(found["unit"]):
                printed_unit = clean_text(row.cell(found["unit"]))
            pi = clean_text(row.cell(found["pi"]))
            if not pi or norm(pi) == norm(table.header[found["pi"]]):
                continue
            mark = next((row.cell(i) for i, m, _ in value_columns if m == "assessment"), "")
            assessment = self.vocabulary.word(self.vocabulary.assessment_marks, mark)
            rating = self._word(row, found, "rating", self.vocabulary.rag_words)
            direction = self._word(row, found, "direction", self.vocabulary.directions)
            values = [
                Value(period, measure, row.cell(i), assessment if measure == "actual" else None,
                      rating=rating if i == latest else None, direction=direction if i == latest else None)
                for i, measure, period in value_columns
                if measure != "assessment"
            ]
            service = resolve_unit(printed_unit, ctx.units) if printed_unit else ctx.service
            code = clean_text(row.cell(found["code"])) if "code" in found else None
            extra = unmapped(table.header, [*found.values(), *(i for i, _, _ in value_columns)], row)
            records.extend(indicator_records(ctx, row, pi, self.kind, service, values, index=0, code=code,
                                             extra=extra))
        return records

    def column_roles(self, header) -> dict[int, str]:
        roles = super().column_roles(header)
        for i, measure, period in self._value_columns(list(header), set(roles)):
            roles[i] = f"{measure} {period}" if period else measure
        return roles

    @staticmethod
    def _word(row, found: dict[str, int], field: str, words: dict[str, list[str]]) -> str | None:
        """The value a printed word stands for (`Amber` -> `amber`, `Improving` -> `improving`)."""
        if field not in found:
            return None
        printed = norm(row.cell(found[field]))
        return next((value for value, synonyms in words.items() if printed in (norm(w) for w in synonyms)), None)
