"""Indicator boxes of a performance report: a heading naming the indicator (and its RAG word),
then one line of labelled values: `Latest: 613 | Target: 700 Floor: 650 | Previous: 612 (Red)`.

`Latest` is the report's quarter (`Quarter 3 2024/25` gives `2024/25 Q3`), `Previous` the one before.
The labels and the roles that mark a unit's heading are data (`vocab/kpi_lines.yml`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from extractors.base import Context, LineExtractor, SectionFind
from extractors.indicator_rows import Value, indicator_records
from extractors.vocabulary import load
from pipeline.normalise import clean_text, parse_period, previous_period, quarter_number
from pipeline.reading.layout import Line, Row
from pipeline.records import Record

# How far above its values an indicator's heading may be printed (lines, blanks not counted).
HEADING_REACH = 2


KIND = "kpi_lines"


def _rag(cell: str) -> str | None:
    """The RAG value a cell prints, by the vocabulary's words."""
    vocabulary = load(KIND)
    return vocabulary.word(vocabulary.rag_words, cell)


@cache
def _value_pattern() -> re.Pattern[str]:
    words = {w: measure for measure, ws in load(KIND).labels.items() for w in ws}
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?P<label>{alternatives})\b\s*:?\s*(?P<value>-?£?\d[\d,]*(?:\.\d+)?\s*%?)"
                      r"(?:\s*\((?P<rag>red|amber|green)\))?", re.I)


def _measure(label: str) -> str:
    vocabulary = load(KIND)
    measure = vocabulary.word(vocabulary.labels, label)
    if measure is None:
        raise KeyError(label)
    return measure


def quarters(title: str | None, period: str | None) -> tuple[str | None, str | None]:
    """The report's quarter and the one before: `Quarter 3 2024/25` -> `2024/25 Q3`, `2024/25 Q2`."""
    period = parse_period(title) or period
    n = quarter_number(title)
    if not period or not n:
        return period, period
    before = f"{period} Q{n - 1}" if n > 1 else f"{previous_period(period)} Q4"
    return f"{period} Q{n}", before


def _is_role_line(line: Line) -> bool:
    first = clean_text(line.cells[0]).lower() if line.cells else ""
    return any(first == r.lower() or first.startswith(r.lower() + ":") for r in load(KIND).heading_roles)


class KpiLinesExtractor(LineExtractor):
    kind = KIND

    def read_lines(
        self, lines: list[Line], context_at: Callable[[int], Context], title: str | None
    ) -> list[SectionFind]:
        """Indicator boxes of the whole document; the unit is the one whose heading was printed
        last (a line above a `Cabinet Member:` line), so the document's first line gives the context."""
        return read_kpi_lines(lines, context_at(1), title)


def read_kpi_lines(lines: list[Line], ctx: Context, title: str | None) -> list[SectionFind]:
    latest, previous = quarters(title, ctx.period)
    periods = {"latest": latest, "target": latest, "floor": latest, "previous": previous}
    printed = [ln for ln in lines if not ln.is_blank]
    unit = ctx.unit
    finds: list[SectionFind] = []
    for n, line in enumerate(printed):
        if _is_role_line(line) and n > 0 and not _is_role_line(printed[n - 1]):
            unit = clean_text(printed[n - 1].text)
            continue
        values = list(_value_pattern().finditer(" ".join(line.cells)))
        measures = [_measure(v["label"]) for v in values]
        if "latest" not in measures or "target" not in measures:
            continue
        heading = next((printed[k] for k in range(n - 1, max(n - 1 - HEADING_REACH, -1), -1)
                        if not _value_pattern().search(printed[k].text)), None)
        if heading is None:
            continue
        cells = [clean_text(c) for c in heading.cells if clean_text(c)]
        rag = _rag(cells[-1]) if cells else None
        if rag:
            cells.pop()
        name = " ".join(cells)
        if not name:
            continue
        row = Row(cells=list(line.cells), line=heading.no, page=heading.page,
                  source_text=f"{heading.text}\n{line.text}")
        kept = [Value(periods[m], "actual" if m in ("latest", "previous") else m, v["value"].strip(),
                      rating=(rag if m == "latest" else (v["rag"] or "").lower() or None))
                for m, v in zip(measures, values, strict=True)]
        records: list[Record] = indicator_records(ctx, row, name, "scorecard", unit, kept)
        finds.append(SectionFind(records, heading.no, line.no))
    return finds
