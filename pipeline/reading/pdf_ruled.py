"""Ruled tables: cells bounded by drawn lines, found by pdfplumber's table finder.

Decides where a page's ruled tables and their cells are (pdfplumber's `Page.find_tables` over the
page's drawn edges, with the settings in `ReaderSettings.table_settings`) and which words fall in
each cell. A merged cell is one cell; a shaded header cell is a cell like any other.
"""

from __future__ import annotations

from .pdf_lines import Box, Item, PageLayout, Word, group_lines, join_wrapped, median
from .pdf_settings import DEFAULT, ReaderSettings


def find_grids(page, edges: list[dict], settings: ReaderSettings = DEFAULT) -> list[list[list[Box | None]]]:
    """Cell boxes of the ruled tables of a pdfplumber page, row by row, from the given drawn edges.

    The edges are passed as explicit lines so pdfplumber does not build its own list of every
    graphic object of the page (which costs more than reading it).
    """
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    table_settings = {**settings.table_settings, "vertical_strategy": "explicit",
                      "horizontal_strategy": "explicit", "explicit_vertical_lines": vertical,
                      "explicit_horizontal_lines": horizontal}
    grids = []
    for table in page.find_tables(table_settings):
        rows = [list(r.cells) for r in table.rows]
        if rows and max(len(r) for r in rows) >= 2:
            grids.append(rows)
    return grids


def _cell_at(grid, x: float, y: float) -> tuple[int, int] | None:
    for r, row in enumerate(grid):
        for c, box in enumerate(row):
            if box and box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                return r, c
    return None


def _reach(cells: list[list[Word]], foot: float | None,
           settings: ReaderSettings) -> tuple[frozenset[int], frozenset[int]]:
    """The cells of a row printing on its last line and on its last lines, where the row ends
    near `foot`, the lowest the document prints on a page (where a page break may have cut it)."""
    words = [w for ws in cells for w in ws]
    if not words or foot is None:
        return frozenset(), frozenset()
    size = median([w.get("size") or (w["bottom"] - w["top"]) for w in words])
    bottom = max(w["bottom"] for w in words)
    if bottom < foot - settings.foot_reach * size:
        return frozenset(), frozenset()

    def columns(depth: float) -> frozenset[int]:
        return frozenset(c for c, ws in enumerate(cells) if any(w["bottom"] >= bottom - depth for w in ws))

    return columns(settings.line_tolerance), columns(settings.row_leading * size)


def grid_items(page: PageLayout, words: list[Word], key: int, settings: ReaderSettings = DEFAULT,
               foot: float | None = None) -> tuple[list[Item], list[Word]]:
    """Rows of the page's ruled tables, with the words not inside any of them; `foot` is the
    lowest the document prints on a page."""
    items: list[Item] = []
    placed: list[list[list[list[Word]]]] = [[[[] for _c in row] for row in grid] for grid in page.grids]
    rest = []
    for w in words:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        for g, grid in enumerate(page.grids):
            hit = _cell_at(grid, cx, cy)
            if hit:
                placed[g][hit[0]][hit[1]].append(w)
                break
        else:
            rest.append(w)
    for g, grid in enumerate(page.grids):
        columns = tuple(sorted({round(box[0]) for row in grid for box in row if box}))
        for r, row in enumerate(grid):
            cell_lines = tuple(tuple(ln.text for ln in group_lines(placed[g][r][c], settings))
                               for c in range(len(row)))
            cells = tuple(join_wrapped(list(lines)) for lines in cell_lines)
            boxes = [c for c in row if c]
            bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                    max(b[3] for b in boxes))
            if any(cells):
                items.append(Item(bbox[1], cells, bbox, key + g, columns, cell_lines,
                                  reach=_reach(placed[g][r], foot, settings)))
    return items, rest
