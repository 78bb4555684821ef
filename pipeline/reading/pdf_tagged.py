"""Tagged tables: the rows and cells a PDF's structure tree names, where the producer wrote one.

Office suites and browsers can export a structure tree (`Table` > `TR` > `TH`/`TD`) that says
which printed text is which cell of which row. Where it does, it decides what the geometry has
to guess: a cell's wrapped lines are one cell, a row that the page break split is one row (the
document-level tree holds it whole), and what is not in a table is prose. Columns still come
from the geometry: an empty cell may have no `TD` at all, so a row with fewer cells than the
table places each cell under the column whose text starts where the cell's does. The tree is
read through pdfplumber's public `PDF.structure_tree`; a tree it cannot read leaves the reader
to the geometry alone.

Selected by `ReaderSettings.use_tags`, off by default: on the seeds as LibreOffice (tagged export)
and Chromium print them, the tree reads every table as the text path does, where the geometry
misses some rows; but on real councils' tagged PDFs (a Word-exported risk register whose rows run
over ten pages) the geometry finds more of the rows a table kind is recognised by, so it stays the
default until the tree does as well there.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from .pdf_lines import Item, PageLayout, Word, group_lines, join_wrapped

log = logging.getLogger(__name__)

Key = tuple[int, int]  # (page number, marked content id)
# A cell's text starts this far (pt) left of its column's leftmost text and is still in it.
COLUMN_SLACK = 3.0


@dataclass
class TaggedCell:
    keys: list[Key]
    span: int = 1
    header: bool = False


@dataclass
class TaggedTable:
    rows: list[list[TaggedCell]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((sum(c.span for c in row) for row in self.rows), default=0)

    @property
    def head(self) -> list[list[TaggedCell]]:
        """The leading rows of header cells (a title, the column headings), which a producer prints
        again, untagged, at the top of each page the table runs on to."""
        rows = []
        for row in self.rows:
            if not row or not all(c.header for c in row):
                break
            rows.append(row)
        return rows


def _keys(element: dict, page: int | None) -> list[Key]:
    """The marked content of an element and its descendants, in reading order.

    pdfplumber gives an element's MCIDs with the page the element starts on only, also where a
    paragraph runs on to the next page (a marked-content reference to another page); MCIDs
    number a page's content in order, so where they go down, the rest is on the next page.
    """
    page = element.get("page_number") or page
    keys: list[Key] = []
    last = -1
    for mcid in element.get("mcids", []) if page is not None else []:
        if mcid < last:
            page += 1
        keys.append((page, mcid))
        last = mcid
    for child in element.get("children", []):
        keys += _keys(child, page)
    return keys


def _rows(element: dict, page: int | None) -> list[tuple[dict, int | None]]:
    """The `TR`s of a table, through `THead`/`TBody`/`TFoot`, not those of a table inside a cell."""
    page = element.get("page_number") or page
    found = []
    for child in element.get("children", []):
        if child["type"] == "TR":
            found.append((child, child.get("page_number") or page))
        elif child["type"] in ("THead", "TBody", "TFoot"):
            found += _rows(child, page)
    return found


def _table(element: dict, page: int | None) -> TaggedTable:
    table = TaggedTable()
    for row, row_page in _rows(element, page):
        cells = []
        for cell in row.get("children", []):
            if cell["type"] not in ("TH", "TD"):
                continue
            span = cell.get("attributes", {}).get("ColSpan", 1)
            cells.append(TaggedCell(_keys(cell, cell.get("page_number") or row_page),
                                    span if isinstance(span, int) and span > 0 else 1, cell["type"] == "TH"))
        table.rows.append(cells)
    return table


def document_tables(pdf) -> list[TaggedTable]:
    """The tables of the PDF's structure tree (none where it has no tree or one that cannot be read)."""
    try:
        tree = pdf.structure_tree
    except Exception as exc:  # pdfplumber raises on trees it cannot follow; the geometry still reads the page
        log.debug("structure tree not read (%s: %s)", type(exc).__name__, exc)
        return []
    tables: list[TaggedTable] = []

    def walk(element: dict, page: int | None) -> None:
        page = element.get("page_number") or page
        if element["type"] == "Table":
            table = _table(element, page)
            if table.width >= 2:  # a one-column "table" is layout: its text is prose
                tables.append(table)
            return
        for child in element.get("children", []):
            walk(child, page)

    for element in tree:
        walk(element, None)
    return tables


def _split(row: list[TaggedCell], by_key: dict[Key, list[Word]],
           page_of: dict[int, int]) -> tuple[list[list[Word]], dict[int, list[list[Word]]]]:
    """A row's words per cell, and the copies of it printed again on later pages: producers tag
    the header rows they print again on each page a table runs on to as more content of the same
    cells, where every cell there repeats its words word for word; other content on a later page
    is the rest of the row, which the page break split."""
    cells = [[w for k in cell.keys for w in by_key.get(k, [])] for cell in row]
    pages = sorted({page_of[id(w)] for ws in cells for w in ws})
    if len(pages) < 2:
        return cells, {}

    def on(ws: list[Word], page: int) -> list[Word]:
        return [w for w in ws if page_of[id(w)] == page]

    def texts(ws: list[Word]) -> list[str]:
        return [w["text"] for w in ws]

    firsts = [on(ws, min((page_of[id(w)] for w in ws), default=0)) for ws in cells]
    copies: dict[int, list[list[Word]]] = {}
    for page in pages[1:]:
        here = [on(ws, page) for ws in cells]
        if all(texts(h) == texts(f) for h, f in zip(here, firsts, strict=True) if h):
            copies[page] = here
    kept = [[w for w in ws if page_of[id(w)] not in copies] for ws in cells]
    return kept, copies


def _clusters(xs: list[float]) -> list[list[float]]:
    clusters: list[list[float]] = []
    for x in sorted(xs):
        if clusters and x - clusters[-1][-1] <= COLUMN_SLACK:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return clusters


def _columns(table: TaggedTable, words: list[list[list[Word]]]) -> tuple[int, list[float] | None]:
    """The table's number of columns and where each column's text starts, from where the text of
    its cells starts: a row whose cells are as many as the table's columns may still lack one (a
    producer leaves empty cells out of the tree, and every row may have one), and a title's span
    may count more columns than any row has, so the columns are the starts of the cells where they
    are between the most cells a row of several has and the widest span, or else the starts that
    cells of several rows share where they are at least the former. Else the starts of the cells
    of the fullest rows, a column they leave empty taking the next one's start (None where no row
    gives a start)."""
    width = table.width
    fullest = max((sum(c.span for c in row) for row in table.rows if len(row) > 1), default=width)
    cells: list[tuple[int, float]] = []  # (row, x0) of every cell with text that spans one column
    whole: list[list[float]] = [[] for _ in range(fullest)]
    for r, (row, row_words) in enumerate(zip(table.rows, words, strict=True)):
        at = 0
        for cell, cell_words in zip(row, row_words, strict=True):
            if cell_words and cell.span == 1:
                x0 = min(w["x0"] for w in cell_words)
                cells.append((r, x0))
                if sum(c.span for c in row) == fullest:
                    whole[at].append(x0)
            at += cell.span
    clusters = _clusters([x for _, x in cells])
    shared = [c for c in clusters if len(c) >= 2]
    if fullest <= len(clusters) <= width:
        return len(clusters), [c[0] for c in clusters]
    if len(shared) >= fullest:
        return len(shared), [c[0] for c in shared]
    if not any(whole):
        return fullest, None
    starts: list[float] = []
    for xs in reversed(whole):  # a column the full rows leave empty starts where the next one does
        starts.insert(0, min(xs) if xs else (starts[0] if starts else float("inf")))
    return fullest, starts if starts == sorted(starts) else None


def _place(row: list[TaggedCell], row_words: list[list[Word]], starts: list[float] | None, width: int) -> list[int]:
    """The column of each cell of a row: by where its text starts (a producer may leave an empty
    cell out of the tree), or by order and span where the columns are not known."""
    if starts is None:
        at, out = 0, []
        for cell in row:
            out.append(min(at, width - 1))
            at += cell.span
        return out
    out, least = [], 0
    for cell, cell_words in zip(row, row_words, strict=True):
        if cell_words:
            x0 = min(w["x0"] for w in cell_words)
            fits = [c for c in range(least, width) if starts[c] <= x0 + COLUMN_SLACK]
            column = fits[-1] if fits else least
        else:
            column = least
        out.append(min(column, width - 1))
        least = min(out[-1] + cell.span, width - 1)
    return out


def tagged_items(pages: list[PageLayout], tables: list[TaggedTable], first_key: int,
                 settings) -> tuple[dict[int, list[Item]], set[int], int]:
    """Per page number, the tagged tables' rows as items (each on the page where it starts, and a
    row printed again on a later page there too), the ids of the words they took and the number
    of table keys used. Each page's part of a table has a key of its own, as the geometry's
    tables do, so the join of a table continued on the next page is decided in one place."""
    by_key: dict[Key, list[Word]] = {}
    for page in pages:
        for w in page.words:
            if w.get("mcid") is not None:
                by_key.setdefault((page.number, w["mcid"]), []).append(w)
    page_of = {id(w): page.number for page in pages for w in page.words}
    items: dict[int, list[Item]] = {}
    taken: set[int] = set()
    keys: dict[tuple[int, int], int] = {}
    for t, table in enumerate(tables):
        split = [_split(row, by_key, page_of) for row in table.rows]
        words = [cells for cells, _ in split]
        taken.update(id(w) for row in table.rows for cell in row for k in cell.keys for w in by_key.get(k, []))
        width, starts = _columns(table, words)
        columns = tuple(round(x) for x in starts or () if x != float("inf"))
        if starts is not None:  # columns right of any text are not seen on the page: the geometry has none
            width = min(width, 1 + max((c for row, cells in zip(table.rows, words, strict=True)
                                        for c, ws in zip(_place(row, cells, starts, width), cells, strict=True)
                                        if ws), default=0))
        printed = [(row, cells) for row, (cells, _) in zip(table.rows, split, strict=True)]
        printed += [(row, copy) for row, (_, copies) in zip(table.rows, split, strict=True) for copy in copies.values()]
        for row, row_words in printed:
            flat = [w for cell_words in row_words for w in cell_words]
            if not flat:
                continue
            first = min(page_of[id(w)] for w in flat)
            key = keys.setdefault((t, first), first_key + len(keys))
            cells = [""] * width
            lines: list[tuple[str, ...]] = [()] * width
            for column, cell_words in zip(_place(row, row_words, starts, width), row_words, strict=True):
                text = tuple(ln.text for p in sorted({page_of[id(w)] for w in cell_words})
                             for ln in group_lines([w for w in cell_words if page_of[id(w)] == p], settings))
                lines[column] = lines[column] + text
                cells[column] = join_wrapped(list(lines[column]))
            here = [w for w in flat if page_of[id(w)] == first]
            bbox = (min(w["x0"] for w in here), min(w["top"] for w in here), max(w["x1"] for w in here),
                    max(w["bottom"] for w in here))
            items.setdefault(first, []).append(Item(bbox[1], tuple(cells), bbox, key, columns, tuple(lines)))
        taken |= _repeated_head(pages, table, words, page_of, taken, settings)
    return items, taken, len(keys)


def _repeated_head(pages: list[PageLayout], table: TaggedTable, words: list[list[list[Word]]],
                   page_of: dict[int, int], taken: set[int], settings) -> set[int]:
    """The untagged words of the header printed again above the table's rows on each later page it
    runs on to: the lines right above its first row there, within its extent, made only of the
    header's words."""
    head = Counter(w["text"] for row in words[:len(table.head)] for cell in row for w in cell)
    flat = [w for row in words for cell in row for w in cell]
    if not head or not flat:
        return set()
    x0, x1 = min(w["x0"] for w in flat) - 2, max(w["x1"] for w in flat) + 2
    first = min(page_of[id(w)] for w in flat)
    dropped: set[int] = set()
    for page in pages:
        here = [w for w in flat if page_of[id(w)] == page.number]
        if page.number == first or not here:
            continue
        top = min(w["top"] for w in here)
        above = [w for w in page.words if id(w) not in taken and w["bottom"] <= top + 1
                 and x0 <= w["x0"] and w["x1"] <= x1]
        left = Counter(head)
        for line in reversed(group_lines(above, settings)):
            texts = Counter(w["text"] for w in line.words)
            if texts - left:
                break
            left -= texts
            dropped.update(id(w) for w in line.words)
    return dropped
