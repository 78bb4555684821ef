"""Reassemble a table that a conversion broke into pieces, from the lines of the section it sits in.

A plan's `Part 5 – … Projects` table may reach us as several blocks: a damaged header, a markdown
rule (`--|---`), a header printed again after each page break, sub-heading rows, cells wrapped
onto lines of their own. Within one section these are all one table: its header is the row that
names the most of the kind's columns, every other header-like row is a repeat, and every other
tab-separated line is a row.
"""

from __future__ import annotations

import re

from extractors.base import match_columns
from pipeline.layout import Row, Table
from pipeline.outline import Section

_RULE = re.compile(r"^\s*:?-{2,}:?\s*$")
# A repeated header names at least this share of the columns the best header names.
REPEAT_SHARE = 0.5


def is_rule(cells: list[str] | tuple[str, ...]) -> bool:
    """A markdown table rule: every filled cell is dashes."""
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(_RULE.match(c) for c in filled)


def section_table(section: Section, columns: dict[str, list[str]], minimum: int = 2) -> Table | None:
    """The section's tab-separated lines as one table, or None when no row names `minimum` columns."""
    tabular = [ln for ln in section.lines if ln.is_tabular and ln.filled and not is_rule(ln.cells)]
    scores = [len(match_columns(list(ln.cells), columns)) for ln in tabular]
    if not scores or max(scores) < minimum:
        return None
    best = max(scores)
    first = scores.index(best)
    # a damaged copy of the header may come first: rows start after the first header-like row
    headers = [i for i, s in enumerate(scores) if s >= max(minimum, REPEAT_SHARE * best)]
    start = headers[0]
    rows = [
        Row(cells=list(ln.cells), line=ln.no, page=ln.page, source_text=ln.text)
        for i, ln in enumerate(tabular) if i > start and i not in headers
    ]
    return Table(
        caption=section.title,
        header=[c.strip() for c in tabular[first].cells],
        rows=rows,
        line=tabular[start].no,
        page=tabular[start].page,
        blocks=len(headers),
    )
