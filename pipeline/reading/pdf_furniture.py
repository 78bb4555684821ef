"""Page furniture: running headers, footers and page numbers, which belong to no table or paragraph.

Decides which printed lines in the page margins repeat at the same height on most pages (running
headers and footers) and which outermost lines are bare page numbers; those words are dropped
before tables and prose are built. A line with a table rule right below it is a repeated table
header, not furniture.
"""

from __future__ import annotations

import re
from collections import Counter

from .pdf_lines import Box, PageLayout, PrintedLine, Word, group_lines, median
from .pdf_settings import DEFAULT, ReaderSettings

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)


def is_page_number(text: str) -> bool:
    """`7`, `Page 7`, `7 of 20`, `7/20`; not a year such as `2021/22`."""
    match = _PAGE_NUMBER.match(text.strip())
    if not match:
        return False
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    return len(numbers) == 1 or numbers[0] <= numbers[1]


def grid_boxes(page: PageLayout) -> list[Box]:
    """The outline of each ruled table on the page."""
    boxes = []
    for grid in page.grids:
        cells = [c for row in grid for c in row if c]
        boxes.append((min(c[0] for c in cells), min(c[1] for c in cells),
                      max(c[2] for c in cells), max(c[3] for c in cells)))
    return boxes


def outside_grids(page: PageLayout, settings: ReaderSettings = DEFAULT) -> list[PrintedLine]:
    """Printed lines of the page that are not inside a ruled table."""
    boxes = grid_boxes(page)

    def inside(w: Word) -> bool:
        x, y = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    return group_lines([w for w in page.words if not inside(w)], settings)


def _in_margin(line: PrintedLine, page: PageLayout, settings: ReaderSettings) -> bool:
    band = settings.margin_band
    return line.bottom < page.height * band or line.top > page.height * (1 - band)


def _running_key(line: PrintedLine) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text.lower()), round(line.top / 3)


def running_keys(pages: list[PageLayout], settings: ReaderSettings = DEFAULT) -> set[tuple[str, int]]:
    """Text printed at the same height in the page margins on most pages: running headers/footers."""
    counts: Counter[tuple[str, int]] = Counter()
    for page in pages:
        counts.update({_running_key(ln) for ln in outside_grids(page, settings) if _in_margin(ln, page, settings)})
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, n in counts.items() if n >= needed}


def _underlined(line: PrintedLine, page: PageLayout) -> bool:
    """A table header repeated at the top of each page has its rule right below it. (So may a
    running header set smaller than the page's text, above a table's top rule: that one is
    furniture; a title of one run set no smaller is kept.)"""
    return any(x0 <= line.x0 + 1 and line.bottom - 1 <= y <= line.bottom + 2 * line.size
               and x1 - x0 > 3 * (line.x1 - line.x0)
               for x0, x1, y in page.rules)


def drop_running(page: PageLayout, keys: set[tuple[str, int]], settings: ReaderSettings = DEFAULT) -> list[Word]:
    """The page's words without running headers, footers and bare page numbers (the first or last
    lines outside its ruled tables)."""
    lines = outside_grids(page, settings)
    headers = [ln for ln in lines if len(ln.segments(settings.column_gap)) >= 3]
    body = median([w.get("size") or (w["bottom"] - w["top"]) for w in page.words])
    dropped: set[int] = set()
    for n, line in enumerate(lines):
        if not _in_margin(line, page, settings) or (_underlined(line, page) and (
                len(line.segments(settings.column_gap)) >= 2 or line.size >= body - 0.5)):
            continue
        if any(abs(line.top - h.top) <= settings.wrap_pitch * h.size for h in headers):
            continue  # a table's header printed again at the top of each page, or a line of it
        outermost = n < 2 or n >= len(lines) - 2
        if _running_key(line) in keys or (outermost and is_page_number(line.text)):
            dropped.update(id(w) for w in line.words)
    return [w for w in page.words if id(w) not in dropped]
