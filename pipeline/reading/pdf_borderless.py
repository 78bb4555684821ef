"""Borderless tables: rows of cells set apart by whitespace, with rules or shading as hints only.

Given the table regions of `pdf_regions` and their columns (found once for the whole region and
carried to its continuation on the next page, so an empty cell keeps its column; the next page's
rows agree with them where its cells start where the last page's did), decides where its rows
divide (a horizontal rule, the edge of a shaded band, or a gap wider than a wrapped cell's line
spacing), and which rows are its title and header (a single-cell row at the top; bold first rows,
merged into one header; the same rows printed again at the top of the next page). A row inside
the table's extent is kept at a page foot, and a row (or header) the producer split across the
page break is joined to the row it continues: its key column empty at the top of the next page,
only the cells that were still running at the foot filled, or its words running on lower-case
from cells that had not ended a sentence (`runs_on`; ruled tables join theirs by the same test).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .pdf_lines import Fill, Item, PrintedLine, Rule, Word, bbox_of, cell_text, join_wrapped, median
from .pdf_regions import Region, crosses, sentence, separated, separators
from .pdf_settings import DEFAULT, ReaderSettings
from .pdf_split_rows import key_columns, split_row_rest


@dataclass
class OpenTable:
    """A table that ran to the foot of a page and may continue on the next."""

    key: int
    gutters: list[tuple[float, float]]  # the whitespace between its columns, as wide as all its rows leave it
    x0: float
    x1: float
    size: float
    limit: float  # widest top-to-top gap between its lines
    columns: tuple[float, ...]
    repeated: list[list[str]]  # words of its title and header rows, dropped when printed again
    last: Item
    key_columns: set[int] = field(default_factory=set)
    # the columns its last row prints on the page's last line, and on the lines just above
    reach: tuple[set[int], set[int]] = (set(), set())
    span: tuple[float, float] = (0.0, 0.0)  # from the first word of its multi-cell rows to the last

    @property
    def bounds(self) -> list[float]:
        return [(a + b) / 2 for a, b in self.gutters]


@dataclass
class BorderlessResult:
    items: list[Item]
    used: set[int]  # indexes of the printed lines consumed
    open_table: OpenTable | None


def _rows(lines: list[PrintedLine], seps: list[Rule], x0: float, x1: float, forced: set[int],
          settings: ReaderSettings) -> list[list[PrintedLine]]:
    """Lines grouped into rows: a drawn boundary, a forced one, or a gap wider than wrapped lines'."""
    pitches = sorted(b.top - a.top for a, b in zip(lines, lines[1:], strict=False))
    size = median([ln.size for ln in lines]) if lines else 0.0
    pitches = [p for p in pitches if p > 0.6 * size]
    leading = pitches[len(pitches) // 10] if pitches else 0.0
    if not leading or leading > settings.row_leading * size:
        limit = min(1.2 * size + max(1.5, 0.25 * size), settings.row_leading * size)
    else:
        tolerance = max(1.0, 0.12 * size)
        wraps = [p for p in pitches if p <= leading + tolerance]
        wider = [p for p in pitches if p > leading + tolerance]
        limit = (max(wraps) + min(wider)) / 2 if wider else leading + max(1.5, 0.25 * size)
    rows: list[list[PrintedLine]] = []
    for n, line in enumerate(lines):
        if rows and n not in forced:
            prev = rows[-1][-1]
            if line.top - prev.top <= limit and not separated(prev, line, seps, x0, x1):
                rows[-1].append(line)
                continue
        rows.append([line])
    return rows


def _cells(row: list[PrintedLine], bounds: list[float], tabular: bool) -> tuple[str, ...]:
    """A row's text by column; a row printed as one run of words is one cell where it starts."""
    columns: list[list[Word]] = [[] for _ in range(len(bounds) + 1)]
    if not tabular:
        columns[sum(1 for b in bounds if row[0].x0 > b)] = [w for ln in row for w in ln.words]
    else:
        for line in row:
            for w in line.words:
                columns[sum(1 for b in bounds if (w["x0"] + w["x1"]) / 2 > b)].append(w)
    return tuple(cell_text(ws) for ws in columns)


def _words(cells: tuple[str, ...]) -> list[str]:
    return " ".join(cells).split()


def _emit(rows: list[list[PrintedLine]], tab_rows: list[bool], bounds: list[float], key: int,
          columns: tuple[float, ...], carried: OpenTable | None) -> tuple[list[Item], list[list[str]]]:
    """Items for the rows: repeated title/header rows of a continued table dropped, a split row
    rejoined, consecutive bold header rows merged into one."""
    items: list[Item] = []
    cells = [_cells(r, bounds, t) for r, t in zip(rows, tab_rows, strict=True)]
    n = 0
    if carried is not None:
        n = _repeated_rows(cells, carried.repeated)
        if n < len(rows):
            first = cells[n]
            if any(first) and runs_on(first, carried):
                last = carried.last
                last.cells = tuple(join_wrapped([a, b]) for a, b in zip(last.cells, first, strict=True))
                n += 1
    header_end = n
    if carried is None:
        start = 1 if n < len(rows) and not tab_rows[n] and rows[n][0].x0 <= rows[0][0].x0 + 1 else 0
        header_end = start
        while header_end < len(rows) - 1 and all(ln.bold for ln in rows[header_end]):
            header_end += 1
        if header_end - start >= 2:  # one header printed over several rows: one cell per column
            merged = tuple(join_wrapped(list(parts)) for parts in zip(*cells[start:header_end], strict=True))
            box = bbox_of([ln for r in rows[start:header_end] for ln in r])
            items.extend(Item(r[0].top, c, bbox_of(r), key, columns) for r, c in zip(rows[:start], cells, strict=False))
            items.append(Item(rows[start][0].top, merged, box, key, columns))
            n = header_end
    for row, c in zip(rows[n:], cells[n:], strict=True):
        items.append(Item(row[0].top, c, bbox_of(row), key, columns))
    repeated = [_words(c) for c in cells[:max(header_end, 2)]] if carried is None else carried.repeated
    return items, repeated


def _consumes(cells: list[tuple[str, ...]], n: int, target: list[str]) -> int:
    """The row after the rows from `n` that print exactly the words of `target`, else `n`."""
    remaining, m = sorted(target), n
    while m < len(cells) and remaining:
        rest = list(remaining)
        for w in _words(cells[m]):
            if w not in rest:
                return n
            rest.remove(w)
        remaining, m = rest, m + 1
    return n if remaining else m


def _repeated_rows(cells: list[tuple[str, ...]], repeated: list[list[str]]) -> int:
    """How many leading rows print a title or header row again (its lines may come apart as rows)."""
    n = 0
    while True:
        ends = [m for m in (_consumes(cells, n, t) for t in repeated if t) if m > n]
        if not ends:
            return n
        n = max(ends)


def runs_on(cells: tuple[str, ...], above: OpenTable) -> bool:
    """Is the first row on a page the rest of the row the page break split? A row without the first
    of the table's key columns is. So is one without a label in the first column that fills only
    columns the row above was still printing at the foot of the page, where that row had ended
    some of its cells sooner (a split row's cells that had ended stay empty): given the table's key
    columns, one leaving a key column empty and filling columns printed on the last lines (a cell's
    last paragraph may be moved whole); where the table has too few rows yet to know them, one
    filling columns printed on the last line. A row of a new group (first column empty, every key
    column filled) is a row of its own, unless its words run on (`words_run_on`) from the
    cells printing on the row's last lines: a row split inside every cell fills them all."""
    return split_row_rest(cells, above.last.cells, above.key_columns, above.reach)


def borderless_tables(lines: list[PrintedLine], rules: list[Rule], fills: list[Fill], next_key: int,
                      carried: OpenTable | None, settings: ReaderSettings = DEFAULT,
                      foot: float | None = None) -> BorderlessResult:
    """The page's borderless tables (and the continuation of `carried`, if any); `foot` is the
    lowest the document prints its text on a page."""
    seps = separators(rules, fills)
    tabular = [len(ln.segments(settings.column_gap)) >= 2 and not ln.is_list_item(settings) for ln in lines]
    items: list[Item] = []
    used: set[int] = set()
    open_table = None
    if carried is not None and lines:
        region = Region(lines, tabular, 0, settings, seps)
        region.x0, region.x1, region.size = carried.x0, carried.x1, carried.size
        region.gaps = [carried.limit - max(3.0, settings.row_gap_slack * carried.size)]
        if region.fits(lines[0]) and not _crossessentence(lines[0], carried.bounds, settings):
            region.grow_down(len(lines), used)
            gutters = _continued_gutters(carried, region, settings)
            if gutters is not None:
                found = _table(region, gutters, carried.key, carried.columns, carried, settings, foot)
                items.extend(found[0])
                used.update(range(region.first, region.end))
                open_table = found[1]
    key = next_key
    for i in range(len(lines)):
        if i in used or not tabular[i]:
            continue
        region = Region(lines, tabular, i, settings, seps)
        region.grow_down(len(lines), used)
        region.grow_up(used)
        region.shed_prose()  # before the split too: a sentence's words hide the gutters under them
        region.split()
        region.shed_prose()
        region.trim(at_foot=True)
        if not region.confirmed():
            continue
        gutters = region.gutters(region.first, region.end)
        columns = tuple(round((a + b) / 2) for a, b in gutters)
        found = _table(region, gutters, key, columns, None, settings, foot)
        items.extend(found[0])
        used.update(range(region.first, region.end))
        open_table = found[1]
        key += 1
    return BorderlessResult(items, used, open_table)


def _crossessentence(line: PrintedLine, bounds: list[float], settings: ReaderSettings) -> bool:
    return crosses(line, bounds) and sentence(line.text, settings)


def _continued_gutters(carried: OpenTable, region: Region,
                       settings: ReaderSettings) -> list[tuple[float, float]] | None:
    """The gutters of a table continued in `region`, or None where its rows do not agree with the
    table's columns. Other rows leave a gutter narrower or wider than the last page did (its
    middle drifts by more than a cell's padding), but the cells still start where they did: a
    gutter agrees with one of this page's that shares an edge with it (the start of the column
    after it, or the end of a right-aligned one before it) or holds it whole. The table's gutters
    become the overlaps, which no word of either page crosses (a gutter beyond this page's words
    stays as it was). Rows printing beyond the words of
    the table so far, past a gutter of their own, fill a column the table had left empty: a table
    of its own columns (its header printed again), not this one."""
    if not any(region.tabular[region.first:region.end]):
        return carried.gutters  # single-cell rows only: nothing here to disagree with
    found = region.gutters(region.first, region.end)
    slack = settings.column_edge_slack
    if any(d <= carried.span[0] or c >= carried.span[1] for c, d in found):
        return None
    first, last = region.span()
    shared = []
    for a, b in carried.gutters:
        if b <= first or a >= last:
            shared.append((a, b))  # a column this page leaves empty
            continue
        agree = [(max(a, c), min(b, d)) for c, d in found if c < b and d > a and (
            abs(a - c) <= slack or abs(b - d) <= slack or (c <= a and b <= d) or (a <= c and d <= b))]
        if not agree:
            return None
        shared.append(max(agree, key=lambda g: g[1] - g[0]))
    return shared


def _table(region: Region, gutters: list[tuple[float, float]], key: int, columns: tuple[float, ...],
           carried: OpenTable | None, settings: ReaderSettings,
           foot: float | None = None) -> tuple[list[Item], OpenTable | None]:
    bounds = [(a + b) / 2 for a, b in gutters]
    lines = region.lines[region.first:region.end]
    tab = region.tabular[region.first:region.end]
    forced = {n for n in range(1, len(lines)) if tab[n] != tab[n - 1] and not any(tab[:n])}
    rows = _rows(lines, region.seps, region.x0, region.x1, forced, settings)
    flags, n = [], 0
    for row in rows:
        flags.append(any(tab[n:n + len(row)]))
        n += len(row)
    items, repeated = _emit(rows, flags, bounds, key, columns, carried)
    if region.end < len(region.lines) or not items:
        return items, None
    keys = key_columns([it.cells for it in items], settings, 1) or (carried.key_columns if carried else set())
    span = region.span()
    if carried is not None:
        span = (min(span[0], carried.span[0]), max(span[1], carried.span[1]))
    reach = _reach(rows[-1], bounds, foot, settings)
    items[-1].reach = (frozenset(reach[0]), frozenset(reach[1]))
    return items, OpenTable(key, gutters, region.x0, region.x1, region.size, region.limit(), columns,
                            repeated, items[-1], keys, reach, span)


def _reach(row: list[PrintedLine], bounds: list[float], foot: float | None,
           settings: ReaderSettings) -> tuple[set[int], set[int]]:
    """The columns of a row at the foot of a page printing on its last line, and on its last lines
    (where the page break would have cut it): none if the row ends above the lowest text of the
    document."""
    size = median([ln.size for ln in row])
    bottom = max(ln.bottom for ln in row)
    if foot is not None and bottom < foot - settings.foot_reach * size:
        return set(), set()

    def columns(depth: float) -> set[int]:
        return {sum(1 for b in bounds if (w["x0"] + w["x1"]) / 2 > b) for ln in row
                if ln.bottom >= bottom - depth for w in ln.words}

    return columns(settings.line_tolerance), columns(settings.row_leading * size)
