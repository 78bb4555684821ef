"""Geometry of a PDF page: printed lines, borderless tables, running headers, paragraphs.

The reader gives words with positions and the page's rules; this module turns them into the rows
a text conversion would have had. Everything here works on plain data (words as dicts, rules as
tuples) so it runs after the page itself has been closed.

A borderless table is anchored on a rule drawn under its header: the header is the printed lines
just above the rule, the body the lines below it down to the first line that runs across the
header's columns like prose does, or the first gap wider than the table's own gaps between rows.
Columns are the vertical whitespace bands shared by the header and every body line; rows are
separated by vertical gaps wider than a wrapped cell's line spacing, or by rules. A table with no
rule at all is found from lines whose pieces start at the same x positions (`aligned_tables`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

Word = dict  # a word as pdfplumber builds it: text, x0, x1, top, bottom, size

# Words whose tops differ by less than this many points are on one printed line.
LINE_TOLERANCE = 2.5
# Within a cell or a paragraph, baselines are at most this many font sizes apart ...
WRAP_PITCH = 1.45
# ... and a gap between words wider than this many font sizes separates columns (a space is about
# a third of the size; table gutters are the cells' padding on both sides).
COLUMN_GAP = 0.5
# Lines of a table set closer than this many font sizes are the wrapped lines of a cell; rows with
# little padding come apart further (a browser's 8pt row with 1pt padding: 1.4 sizes).
ROW_LEADING = 1.35
# Prose runs across a column start with gaps no wider than this many font sizes between its words;
# cells a browser sets with a point or two of padding come closer than COLUMN_GAP.
WORD_SPACE = 0.4
# Narrowest whitespace band (points) taken for the gutter between two columns.
GUTTER_MIN = 2.5
# Running headers and footers sit in this share of the page height at the top or bottom.
MARGIN_BAND = 0.12
# A caption is at most this long (as the table finder takes it) ...
CAPTION_MAX_CHARS = 90
# ... and at most this many font sizes above the header it belongs to.
CAPTION_REACH = 3.5
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)


@dataclass
class PrintedLine:
    """Words sharing a baseline, left to right."""

    words: list[Word]

    @property
    def top(self) -> float:
        """The top of most of its words: a glyph from a symbol font sits a little higher or lower."""
        return median([w["top"] for w in self.words])

    @property
    def bottom(self) -> float:
        return median([w["bottom"] for w in self.words])

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @property
    def size(self) -> float:
        return median([w.get("size") or (w["bottom"] - w["top"]) for w in self.words])

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    def segments(self, gap_share: float = COLUMN_GAP) -> list[tuple[float, float]]:
        """x-extents of the runs of words set with ordinary word spacing."""
        gap = gap_share * self.size
        runs: list[tuple[float, float]] = []
        for w in self.words:
            if runs and w["x0"] - runs[-1][1] <= gap:
                runs[-1] = (runs[-1][0], max(runs[-1][1], w["x1"]))
            else:
                runs.append((w["x0"], w["x1"]))
        return runs


@dataclass
class Item:
    """One thing to emit, in reading order: a prose line or a table row."""

    top: float
    cells: tuple[str, ...]
    bbox: tuple[float, float, float, float]
    table: int | None = None  # tables are numbered per document; None for prose
    columns: tuple[float, ...] = ()  # where the table's columns begin, to recognise it on the next page
    cell_lines: tuple[tuple[str, ...], ...] = ()  # each cell's printed lines, where cells are ruled


@dataclass
class OpenTable:
    """A borderless table that ran to the foot of a page and may continue on the next."""

    key: int
    bounds: list[float]  # column boundaries (x of each gutter's middle)
    starts: list[float]  # x where each header cell begins
    x0: float
    x1: float
    size: float
    columns: tuple[float, ...]
    pitch: float  # widest gap between two of its rows, baseline to baseline


@dataclass
class PageLayout:
    """What pass two needs of a page, kept after pdfplumber's page object is closed."""

    number: int
    width: float
    height: float
    words: list[Word]
    rules: list[tuple[float, float, float]]  # horizontal rules: (x0, x1, y)
    grids: list[list[list[tuple[float, float, float, float] | None]]] = field(default_factory=list)
    images: int = 0


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def group_lines(words: list[Word]) -> list[PrintedLine]:
    """Words -> printed lines, top to bottom."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(w["top"] - lines[-1][0]["top"]) <= LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [PrintedLine(sorted(ws, key=lambda w: w["x0"])) for ws in lines]


def cell_text(words: list[Word]) -> str:
    """A cell's words in reading order; the pieces of a wrapped cell joined by single spaces."""
    return join_wrapped([line.text for line in group_lines(words)])


def join_wrapped(pieces: list[str]) -> str:
    """The lines of a wrapped cell as one text: by a space, but with none after a hyphen that ends
    a line inside a word or range (`2023-` + `24` is `2023-24`, `under-` + `investment`)."""
    text = ""
    for piece in pieces:
        if not text:
            text = piece
        elif len(text) > 1 and text[-1] == "-" and text[-2].isalnum() and piece[:1].isalnum():
            text += piece
        else:
            text += " " + piece
    return text


def is_page_number(text: str) -> bool:
    """`7`, `Page 7`, `7 of 20`, `7/20`; not a year such as `2021/22`."""
    match = _PAGE_NUMBER.match(text.strip())
    if not match:
        return False
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    return len(numbers) == 1 or numbers[0] <= numbers[1]


def running_keys(pages: list[PageLayout]) -> set[tuple[str, int]]:
    """Text printed at the same height in the page margins on most pages: running headers/footers."""
    counts: Counter[tuple[str, int]] = Counter()
    for page in pages:
        seen = set()
        for line in _outside_grids(page):
            if _in_margin(line, page):
                seen.add(_running_key(line))
        counts.update(seen)
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, n in counts.items() if n >= needed}


def _in_margin(line: PrintedLine, page: PageLayout) -> bool:
    return line.bottom < page.height * MARGIN_BAND or line.top > page.height * (1 - MARGIN_BAND)


def _running_key(line: PrintedLine) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text.lower()), round(line.top / 3)


def grid_boxes(page: PageLayout) -> list[tuple[float, float, float, float]]:
    """The outline of each ruled table on the page."""
    boxes = []
    for grid in page.grids:
        cells = [c for row in grid for c in row if c]
        boxes.append((min(c[0] for c in cells), min(c[1] for c in cells),
                      max(c[2] for c in cells), max(c[3] for c in cells)))
    return boxes


def _outside_grids(page: PageLayout) -> list[PrintedLine]:
    """Printed lines of the page that are not inside a ruled table."""
    boxes = grid_boxes(page)

    def inside(w: Word) -> bool:
        x, y = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    return group_lines([w for w in page.words if not inside(w)])


def drop_running(page: PageLayout, keys: set[tuple[str, int]]) -> list[dict]:
    """The page's words without running headers, footers and bare page numbers (the first or last
    lines outside its ruled tables)."""
    lines = _outside_grids(page)
    dropped: set[int] = set()
    for n, line in enumerate(lines):
        if not _in_margin(line, page) or _underlined(line, page):
            continue
        outermost = n < 2 or n >= len(lines) - 2
        if _running_key(line) in keys or (outermost and is_page_number(line.text)):
            dropped.update(id(w) for w in line.words)
    return [w for w in page.words if id(w) not in dropped]


def _underlined(line: PrintedLine, page: PageLayout) -> bool:
    """A table header repeated at the top of each page has its rule right below it."""
    return any(x0 <= line.x0 + 1 and line.bottom - 1 <= y <= line.bottom + 2 * line.size
               and x1 - x0 > 3 * (line.x1 - line.x0)
               for x0, x1, y in page.rules)


# --- borderless tables ---------------------------------------------------------------------------


def _header_block(lines: list[PrintedLine], rule: tuple[float, float, float]) -> tuple[int, int] | None:
    """(first, end) indexes of the printed lines forming the header just above `rule`."""
    x0, x1, y = rule
    above = [i for i, ln in enumerate(lines)
             if ln.bottom <= y + 1 and ln.bottom >= y - 3 * ln.size and ln.x0 >= x0 - 2 and ln.x1 <= x1 + 2]
    if not above:
        return None
    end = above[-1] + 1
    first = end - 1
    while first > 0:
        prev, cur = lines[first - 1], lines[first]
        # A line a row's padding above (a caption, a row of group labels) is not the header's.
        if cur.top - prev.top > ROW_LEADING * cur.size or prev.x0 < x0 - 2 or prev.x1 > x1 + 2:
            break
        first -= 1
    words = [w for ln in lines[first:end] for w in ln.words]
    if len(_clusters(words, min(ln.size for ln in lines[first:end]))) < 2:
        return None  # an underlined heading, not a table header
    return first, end


def _clusters(words: list[Word], size: float) -> list[tuple[float, float]]:
    """x-extents of groups of words separated by column-wide gaps, left to right."""
    spans: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: w["x0"]):
        if spans and w["x0"] - spans[-1][1] <= max(GUTTER_MIN, COLUMN_GAP * size):
            spans[-1] = (spans[-1][0], max(spans[-1][1], w["x1"]))
        else:
            spans.append((w["x0"], w["x1"]))
    return spans


def _is_prose(line: PrintedLine, starts: list[float], x0: float, x1: float) -> bool:
    """Does the line run across a column start, as prose does and a table row never does?"""
    if line.x0 < x0 - 3 or line.x1 > x1 + 3:
        return True
    margin = line.size
    return any(a < s - margin and b > s + margin for a, b in line.segments(WORD_SPACE) for s in starts[1:])


def _rows(lines: list[PrintedLine], rules: list[tuple[float, float, float]]) -> list[list[PrintedLine]]:
    """Body lines grouped into table rows by vertical gaps (or rules) between them."""
    pitches = sorted(b.top - a.top for a, b in zip(lines, lines[1:], strict=False))
    size = median([ln.size for ln in lines]) if lines else 0.0
    pitches = [p for p in pitches if p > 0.6 * size]
    leading = pitches[len(pitches) // 10] if pitches else 0.0
    if not leading or leading > ROW_LEADING * size:
        # no wrapped cell: every line is a row
        limit = min(1.2 * size + max(1.5, 0.25 * size), ROW_LEADING * size)
    else:
        # Lines of a wrapped cell are set at the leading, rows further apart by their padding,
        # which may be as little as a point or two: rows start above the middle of the two.
        tolerance = max(1.0, 0.12 * size)
        wraps = [p for p in pitches if p <= leading + tolerance]
        wider = [p for p in pitches if p > leading + tolerance]
        limit = (max(wraps) + min(wider)) / 2 if wider else leading + max(1.5, 0.25 * size)
    rows: list[list[PrintedLine]] = []
    for line in lines:
        if rows:
            prev = rows[-1][-1]
            ruled = any(prev.bottom - 1 <= y <= line.top + 1 for _x0, _x1, y in rules)
            if line.top - prev.top <= limit and not ruled:
                rows[-1].append(line)
                continue
        rows.append([line])
    return rows


def _bounds(words: list[Word], size: float) -> list[float]:
    """Column boundaries: the middle of each whitespace band shared by every printed line."""
    spans = _clusters(words, 0) if words else []
    merged: list[tuple[float, float]] = []
    for a, b in spans:
        if merged and a - merged[-1][1] < max(GUTTER_MIN, 0.4 * size):
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return [(left[1] + right[0]) / 2 for left, right in zip(merged, merged[1:], strict=False)]


def _with_caption(bounds: list[float], caption: list[Word], words: list[Word], size: float) -> list[float]:
    """Column boundaries with a caption printed across the columns taken into account: its pieces
    show a column that is empty in every row below (a gutter there is too wide to see it), and
    where a gutter lies inside a band the rows leave blank. Unchanged if a piece spans a gutter."""
    narrowed = _bounds(words + caption, size)

    def kept(b: float) -> bool:  # a gutter left in the same blank band
        return any(not any(w["x1"] > min(b, n) and w["x0"] < max(b, n) for w in words) for n in narrowed)

    return narrowed if all(kept(b) for b in bounds) else bounds


def _row_cells(row: list[PrintedLine], bounds: list[float]) -> tuple[str, ...]:
    columns: list[list[Word]] = [[] for _ in range(len(bounds) + 1)]
    for line in row:
        for w in line.words:
            centre = (w["x0"] + w["x1"]) / 2
            columns[sum(1 for b in bounds if centre > b)].append(w)
    return tuple(cell_text(ws) for ws in columns)


def _bbox(lines: list[PrintedLine]) -> tuple[float, float, float, float]:
    return (min(ln.x0 for ln in lines), min(ln.top for ln in lines),
            max(ln.x1 for ln in lines), max(ln.bottom for ln in lines))


def _strip_trailing_single(rows: list[list[PrintedLine]], x0: float) -> int:
    """How many rows to keep: last rows printed as one run of words from the table's left edge are
    headings or captions below the table, not rows of it."""
    keep = len(rows)
    while keep > 0 and all(len(ln.segments()) == 1 and ln.x0 <= x0 + ln.size for ln in rows[keep - 1]):
        keep -= 1
    return keep


@dataclass
class BorderlessResult:
    items: list[Item]
    used: set[int]  # indexes of the printed lines consumed
    open_table: OpenTable | None


def _caption_lines(lines: list[PrintedLine], first: int) -> int:
    """Index of the first printed line of the row just above line `first` (its lines wrap closely)."""
    if first == 0:
        return first
    top = first - 1
    while top > 0 and lines[top].top - lines[top - 1].top <= WRAP_PITCH * lines[top].size:
        top -= 1
    return top


def _caption_above(group: list[PrintedLine], header_top: float, header: tuple[str, ...] | None,
                   starts: list[float], x0: float, x1: float) -> bool:
    """Is the row just above a header the table's caption row?

    A caption printed across the table's columns (as text conversions split it) is always taken;
    a single run of words only where the header alone would otherwise read as a caption (few labels
    above fuller rows), since a lone line above a table is as likely a section heading.
    """
    if not group:
        return False
    text = " ".join(ln.text for ln in group).strip()
    if (len(text) > CAPTION_MAX_CHARS or header_top - group[-1].top > CAPTION_REACH * group[-1].size
            or any(_is_prose(ln, starts, x0, x1) for ln in group)
            or min(ln.x0 for ln in group) > x0 + 2 * group[0].size):
        return False
    runs = max(len(ln.segments()) for ln in group)
    if runs > 1:
        return runs <= 3
    return header is not None and not text.endswith((".", ":", ";", ","))


def _header_needs_caption(header: tuple[str, ...], first_row: tuple[str, ...]) -> bool:
    """Would the table finder take this header for a caption (few labels above a fuller row)?"""
    filled = sum(1 for c in header if c)
    return filled <= 3 and sum(1 for c in first_row if c) > filled


def _cut_at_gap(rows: list[list[PrintedLine]], first_pitch: float, size: float) -> list[list[PrintedLine]]:
    """Rows up to the first gap wider than the table's own gaps between rows: what follows a wider
    gap (a heading, another table) is not part of it."""
    seen = [first_pitch]
    for i in range(1, len(rows)):
        pitch = rows[i][0].top - rows[i - 1][-1].top
        if pitch > max(seen) + max(3.0, 0.5 * size):
            return rows[:i]
        seen.append(pitch)
    return rows


def borderless_tables(lines: list[PrintedLine], rules: list[tuple[float, float, float]],
                      next_key: int, carried: OpenTable | None) -> BorderlessResult:
    """Rebuild the page's borderless tables (and the continuation of `carried`, if any)."""
    items: list[Item] = []
    used: set[int] = set()
    headers: list[tuple[int, int, tuple[float, float, float]]] = []
    for rule in rules:
        block = _header_block(lines, rule)
        if block and not any(block[0] < end and first < block[1] for first, end, _r in headers):
            headers.append((block[0], block[1], rule))
    headers.sort()
    # A caption line above a header may belong to it; the table above must stop before it.
    starts_at = []
    for first, end, rule in headers:
        top = _caption_lines(lines, first)
        header_lines = lines[first:end]
        words = [w for ln in header_lines for w in ln.words]
        starts = [a for a, _b in _clusters(words, header_lines[0].size)]
        left = min(ln.x0 for ln in header_lines)
        x1 = max(rule[1], max(ln.x1 for ln in header_lines))
        fits = _caption_above(lines[top:first], header_lines[0].top, ("",), starts, min(rule[0], left), x1)
        starts_at.append(top if fits else first)
    open_table = None
    if carried is not None:
        head = lines[:starts_at[0] if headers else len(lines)]
        open_table = _continue(head, carried, rules, items, used)
    for n, (first, end, rule) in enumerate(headers):
        stop = starts_at[n + 1] if n + 1 < len(headers) else len(lines)
        header_lines = lines[first:end]
        size = median([ln.size for ln in header_lines])
        header_words = [w for ln in header_lines for w in ln.words]
        starts = [a for a, _b in _clusters(header_words, size)]
        left = min(ln.x0 for ln in header_lines)
        x0, x1 = min(rule[0], left), max(rule[1], max(ln.x1 for ln in header_lines))
        body_end = end
        while body_end < stop and not _is_prose(lines[body_end], starts, x0, x1):
            body_end += 1
        rows = _rows(lines[end:body_end], rules)
        if rows:
            rows = _cut_at_gap(rows, rows[0][0].top - header_lines[-1].top, size)
        rows = rows[:_strip_trailing_single(rows, left)]
        bounds = _bounds(header_words + [w for row in rows for ln in row for w in ln.words], size)
        key = next_key + n
        columns = tuple(round(x) for x in starts)
        header_cells = _row_cells(header_lines, bounds)
        needs = None
        if rows and _header_needs_caption(header_cells, _row_cells(rows[0], bounds)):
            needs = header_cells
        group = [i for i in range(starts_at[n], first) if i not in used]
        above = [lines[i] for i in group]
        if _caption_above(above, header_lines[0].top, needs, starts, x0, x1):
            if max(len(ln.segments()) for ln in above) == 1:
                cells = (" ".join(ln.text for ln in above),) + ("",) * len(bounds)
            else:
                body_words = header_words + [w for row in rows for ln in row for w in ln.words]
                bounds = _with_caption(bounds, [w for ln in above for w in ln.words], body_words, size)
                header_cells = _row_cells(header_lines, bounds)
                cells = _row_cells(above, bounds)
            items.append(Item(above[0].top, cells, _bbox(above), key, columns))
            used.update(group)
        items.append(Item(header_lines[0].top, header_cells, _bbox(header_lines), key, columns))
        used.update(range(first, end))
        for row in rows:
            items.append(Item(row[0].top, _row_cells(row, bounds), _bbox(row), key, columns))
        consumed = sum(len(r) for r in rows)
        used.update(range(end, end + consumed))
        if end + consumed == len(lines) and rows:
            pitches = [b[0].top - a[-1].top for a, b in zip(rows, rows[1:], strict=False)]
            pitch = max(pitches + [rows[0][0].top - header_lines[-1].top])
            open_table = OpenTable(key, bounds, starts, x0, x1, size, columns, pitch)
        elif n + 1 == len(headers):
            open_table = None
    return BorderlessResult(items, used, open_table)


def _continue(head: list[PrintedLine], carried: OpenTable, rules: list[tuple[float, float, float]],
              items: list[Item], used: set[int]) -> OpenTable | None:
    """Rows at the top of a page that carry on the table left open at the foot of the last page."""
    end = 0
    while end < len(head) and not _is_prose(head[end], carried.starts, carried.x0, carried.x1):
        end += 1
    rows = _rows(head[:end], rules)
    rows = _cut_at_gap(rows, carried.pitch, carried.size) if rows else rows
    keep = _strip_trailing_single(rows, carried.x0 + carried.size)
    for row in rows[:keep]:
        cells = _row_cells(row, carried.bounds)
        items.append(Item(row[0].top, cells, _bbox(row), carried.key, carried.columns))
    consumed = sum(len(r) for r in rows[:keep])
    used.update(range(consumed))
    return carried if consumed == len(head) and consumed else None


def _near(x: float, xs: set[float] | list[float], tolerance: float = 2.0) -> bool:
    return any(abs(x - s) <= tolerance for s in xs)


def _confirmed(lines: list[PrintedLine], left: float) -> bool:
    """Columns are columns when two lines start a piece at the same place right of the margin;
    a justified paragraph's wide spaces fall at a different place on every line."""
    seen: list[float] = []
    for line in lines:
        starts = [a for a, _b in line.segments()[1:] if a > left + 2]
        if any(_near(a, seen) for a in starts):
            return True
        seen.extend(starts)
    return False


def aligned_tables(lines: list[PrintedLine], rules: list[tuple[float, float, float]], next_key: int,
                   skip: set[int]) -> BorderlessResult:
    """Tables with no rules at all: runs of printed lines whose pieces start at the same few x
    positions, separated by gaps wider than word spacing. A lone line printed in a later column
    just above (such as `Page` over a contents list) is its header."""
    items: list[Item] = []
    used: set[int] = set()
    key = next_key
    i = 0
    while i < len(lines):
        if i in skip or len(lines[i].segments()) < 2:
            i += 1
            continue
        size = lines[i].size
        starts = [a for a, _b in lines[i].segments()]
        left = starts[0]
        first = i
        while (first > 0 and first - 1 not in skip and first - 1 not in used
               and len(lines[first - 1].segments()) == 1 and _near(lines[first - 1].x0, starts[1:])
               and lines[first].top - lines[first - 1].top <= CAPTION_REACH * size):
            first -= 1
        columns = set(starts)
        end = i + 1
        while end < len(lines) and end not in skip:
            line, prev = lines[end], lines[end - 1]
            runs = line.segments()
            if line.top - prev.top > CAPTION_REACH * size or abs(line.size - size) > 0.5:
                break
            if len(runs) == 1 and not _near(runs[0][0], columns):
                break
            later = [c for c in columns if c > left + 2]
            if len(runs) == 1 and runs[0][0] <= left + 2 and later and runs[0][1] > min(later):
                break  # prose from the left margin running across the columns
            if len(runs) > 1 and not _near(runs[0][0], columns, size):
                break
            if len(runs) > 1:
                columns.update(a for a, _b in runs)
            end += 1
        rows = _rows(lines[first:end], rules)
        rows = rows[:_strip_trailing_single(rows, left)]
        consumed = sum(len(r) for r in rows)
        if not consumed or not _confirmed(lines[first:first + consumed], left):
            i += 1
            continue
        bounds = _bounds([w for row in rows for ln in row for w in ln.words], size)
        signature = tuple(sorted(round(c) for c in columns))
        for row in rows:
            items.append(Item(row[0].top, _row_cells(row, bounds), _bbox(row), key, signature))
        used.update(range(first, first + consumed))
        key += 1
        i = first + consumed
    return BorderlessResult(items, used, None)


# --- prose -----------------------------------------------------------------------------------------


def paragraphs(lines: list[PrintedLine], right: float) -> list[list[PrintedLine]]:
    """Join the printed lines of a wrapped paragraph, as a text conversion keeps them on one line."""
    out: list[list[PrintedLine]] = []
    for line in lines:
        if out:
            prev = out[-1][-1]
            first_word = line.words[0]["x1"] - line.words[0]["x0"]
            wrapped = prev.x1 + first_word + 2 * line.size >= right
            if (wrapped and 0 < line.top - prev.top <= WRAP_PITCH * line.size
                    and abs(line.x0 - out[-1][0].x0) <= 2 * line.size and abs(prev.size - line.size) < 0.5):
                out[-1].append(line)
                continue
        out.append([line])
    return out
