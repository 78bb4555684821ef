"""PDF plans: pdfplumber's words and tables -> the same numbered `Line`s the text reader produces.

Pass one opens each page once, takes its words (pdfplumber's word extractor over the characters of
pdfminer's layout), its horizontal rules and (only where the page has both vertical and horizontal
rules) pdfplumber's ruled tables, then closes it. Pass two, on plain
data, drops running headers, footers and page numbers (found by comparing pages), rebuilds
borderless tables (see `pdf_layout`) and emits, in reading order, one `Line` per table row with
its cells and one single-cell `Line` per paragraph of prose. Tables are separated from what
follows them by a blank line, as in the text conversions, so the table finder sees the same shape.
"""

from __future__ import annotations

import io
import logging
from dataclasses import replace

from pipeline.errors import NeedsOCR, UnreadableDocument
from pipeline.reading.layout import Line

from .overprint import drop_overprinted
from .pdf_layout import (
    Item,
    OpenTable,
    PageLayout,
    PrintedLine,
    aligned_tables,
    borderless_tables,
    drop_running,
    grid_boxes,
    group_lines,
    join_wrapped,
    paragraphs,
    running_keys,
)

log = logging.getLogger(__name__)

# A horizontal rule shorter than this share of the page width is decoration, not a table rule.
RULE_MIN_SHARE = 0.2
WORD_SETTINGS = {"x_tolerance": 1.5, "y_tolerance": 2, "keep_blank_chars": False, "extra_attrs": ["size"]}
# The end-of-file marker must appear in this many final bytes of a complete PDF.
EOF_REACH = 2048


def check_bytes(data: bytes, source_file: str) -> None:
    """Refuse what is not a whole PDF before pdfminer tries to guess its way through it."""
    if not data.strip():
        raise UnreadableDocument("the file is empty", source_file)
    if b"%PDF-" not in data[:1024]:
        start = data[:24].decode("latin-1").strip().replace("\n", " ")
        raise UnreadableDocument(f"not a PDF despite its name (it starts {start!r})", source_file)
    if b"%%EOF" not in data.rstrip(b"\x00 \t\r\n\f")[-EOF_REACH:]:  # padding after the marker is harmless
        raise UnreadableDocument("the PDF is truncated (no end-of-file marker)", source_file)


def _open(data: bytes, source_file: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnreadableDocument(f"the PDF is encrypted and needs a password ({type(exc).__name__})",
                                 source_file) from exc
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        if b"/Encrypt" in data:
            raise UnreadableDocument("the PDF is encrypted and cannot be opened", source_file) from exc
        message = f"the PDF cannot be parsed ({type(exc).__name__}: {exc})"
        raise UnreadableDocument(message, source_file) from exc


# Symbol fonts without a Unicode map come out of pdfminer as the letters that select their glyphs
# (decoded as if they were text). The bullets, dots and signs plans print, mapped back.
_DINGBATS = {"l": "●", "m": "❍", "n": "■", "o": "❏", "q": "❑", "s": "▲", "t": "▼", "u": "◆", "v": "❖",
             "w": "◗", "3": "✓", "4": "✔", "7": "✗", "8": "✘", "H": "★"}
_SYMBOL = {"›": "↑", "ﬂ": "↓", "«": "↔", "‹": "←", "ﬁ": "→", "‡": "≥", "£": "≤", "„": "≠", "–": "±",
           "·": "×", "‚": "÷"}
# A simple font's code 127 is a bullet in the PDF's WinAnsiEncoding; pdfminer leaves it unmapped.
_UNMAPPED = {"(cid:127)": "•"}


def _unicode(text: str, fontname: str) -> str:
    if "Dingbats" in fontname:
        return _DINGBATS.get(text, text)
    if fontname.endswith("Symbol"):
        return _SYMBOL.get(text, text)
    return _UNMAPPED.get(text, text)


class _Edges:
    """What pdfplumber's table finder reads of a page, for the `lines` strategy: its edges and box."""

    def __init__(self, edges: list[dict], bbox: tuple[float, float, float, float]):
        self.edges = edges
        self.bbox = bbox


def _page_content(page) -> tuple[list[dict], list[dict], int]:
    """Characters, rule edges and the number of images, straight from pdfminer's layout of the page.

    pdfplumber's own `page.chars` turns every attribute of every object into a dict first (colours,
    graphic state, paths), which costs more than the parsing itself; the reader needs a few numbers.
    Coordinates are pdfplumber's (top-down, relative to the MediaBox, as in `Page.process_object`).
    Characters outside their clipping path are left out: a viewer does not show them.
    """
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect
    from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

    from .pdf_visible import page_layout, visible

    mb_x0, mb_top = page.mediabox[0], page.mediabox[1]
    height, doctop = float(page.height), float(page.initial_doctop)
    chars: list[dict] = []
    edges: list[dict] = []
    images = 0
    bands: list[dict] = []  # filled, unstroked boxes: shading, which may be drawn as stacked strips
    stack = list(reversed(list(page_layout(page))))
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTChar):
            if not visible(obj):
                continue  # clipped away: not printed
            top = height - obj.y1 + mb_top
            chars.append({"text": _unicode(obj.get_text(), obj.fontname), "x0": obj.x0 + mb_x0,
                          "x1": obj.x1 + mb_x0, "top": top, "bottom": height - obj.y0 + mb_top,
                          "doctop": doctop + top, "upright": obj.upright, "size": obj.size})
        elif isinstance(obj, LTImage):
            images += 1
        elif isinstance(obj, LTContainer):
            stack.extend(reversed(list(obj)))
        elif isinstance(obj, LTCurve):
            top = height - obj.y1 + mb_top
            shape = {"x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "y0": obj.y0, "y1": obj.y1, "top": top,
                     "bottom": height - obj.y0 + mb_top, "doctop": doctop + top,
                     "width": obj.x1 - obj.x0, "height": obj.y1 - obj.y0}
            if isinstance(obj, LTLine):
                edges.append(line_to_edge({**shape, "object_type": "line"}))
            elif isinstance(obj, LTRect) and obj.fill and not obj.stroke:
                bands.append(shape)
            elif isinstance(obj, LTRect):
                edges.extend(rect_to_edges({**shape, "object_type": "rect"}))
            else:
                pts = [(mb_x0 + x, mb_top + height - y) for x, y in obj.pts]
                edges.extend(curve_to_edges({**shape, "object_type": "curve", "pts": pts}))
    for shape in _merge_bands(bands):
        edges.extend(rect_to_edges({**shape, "object_type": "rect"}))
    return chars, edges, images


def _merge_bands(bands: list[dict]) -> list[dict]:
    """A gradient fill drawn as strips of one width stacked edge to edge is one box: its inner
    strip edges are not cell borders."""
    merged: list[dict] = []
    for band in sorted(bands, key=lambda b: (round(b["x0"]), round(b["x1"]), b["top"])):
        last = merged[-1] if merged else None
        if (last and abs(last["x0"] - band["x0"]) < 0.5 and abs(last["x1"] - band["x1"]) < 0.5
                and -0.5 <= band["top"] - last["bottom"] <= 0.5):
            last.update(bottom=band["bottom"], y0=band["y0"], height=band["bottom"] - last["top"])
        else:
            merged.append(dict(band))
    return merged


def read_page(page, number: int) -> PageLayout:
    """Everything pass two needs from one page, read once."""
    from pdfplumber.table import TableFinder
    from pdfplumber.utils.text import extract_words

    chars, edges, images = _page_content(page)
    words = extract_words(chars, **WORD_SETTINGS)
    words = drop_overprinted([{k: w[k] for k in ("text", "x0", "x1", "top", "bottom", "size")} for w in words])
    horizontal = [e for e in edges if e["orientation"] == "h"]
    vertical = [e for e in edges if e["orientation"] == "v"]
    layout = PageLayout(number=number, width=float(page.width), height=float(page.height), words=words,
                        rules=[], images=images)
    if not words:
        return layout
    if len(vertical) >= 2 and len(horizontal) >= 2:
        for table in TableFinder(_Edges(edges, page.bbox)).tables:
            if len(table.rows) >= 1 and max(len(r.cells) for r in table.rows) >= 2:
                layout.grids.append([list(r.cells) for r in table.rows])
    boxes = grid_boxes(layout)
    # Segments are merged before they are measured: a browser draws a rule under a header as one
    # border per cell, each of them shorter than a table rule, together as wide as the table.
    segments = _merge_rules([(float(e["x0"]), float(e["x1"]), float(e["top"])) for e in horizontal])
    for x0, x1, y in segments:
        if x1 - x0 >= RULE_MIN_SHARE * layout.width and not any(
                b[0] - 1 <= x0 and x1 <= b[2] + 1 and b[1] - 1 <= y <= b[3] + 1 for b in boxes):
            layout.rules.append((x0, x1, y))
    return layout


def _merge_rules(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Rules drawn as touching segments at one height (one per cell) become one rule."""
    merged: list[tuple[float, float, float]] = []
    for x0, x1, y in sorted(rules, key=lambda r: (round(r[2]), r[0])):
        if merged and abs(merged[-1][2] - y) < 1 and x0 <= merged[-1][1] + 2:
            merged[-1] = (merged[-1][0], max(merged[-1][1], x1), merged[-1][2])
        else:
            merged.append((x0, x1, y))
    return sorted(merged, key=lambda r: r[2])


def _close(thing) -> None:
    """Close a page or the PDF; a PDF broken enough to fail again here must not hide why it failed."""
    try:
        thing.close()
    except Exception:
        log.debug("closing %r failed", thing, exc_info=True)


def read_pages(data: bytes, source_file: str) -> list[PageLayout]:
    check_bytes(data, source_file)
    pdf = _open(data, source_file)
    layouts = []
    try:
        try:
            pages = pdf.pages
        except Exception as exc:
            raise UnreadableDocument(f"the PDF's page tree cannot be read ({exc})", source_file) from exc
        for number, page in enumerate(pages, start=1):
            try:
                layouts.append(read_page(page, number))
            except Exception as exc:
                raise UnreadableDocument(f"page {number} cannot be read ({type(exc).__name__}: {exc})",
                                         source_file, where=f"page {number}") from exc
            finally:
                _close(page)
    finally:
        _close(pdf)
    if not layouts:
        raise UnreadableDocument("the PDF has no pages", source_file)
    return layouts


def _grid_items(page: PageLayout, words: list[dict], key: int) -> tuple[list[Item], list[dict]]:
    """Rows of the page's ruled tables, with the words not inside any of them."""
    items: list[Item] = []
    placed: list[list[list[list[dict]]]] = [[[[] for _c in row] for row in grid] for grid in page.grids]
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
            cell_lines = tuple(tuple(ln.text for ln in group_lines(placed[g][r][c])) for c in range(len(row)))
            cells = tuple(join_wrapped(list(lines)) for lines in cell_lines)
            boxes = [c for c in row if c]
            bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                    max(b[3] for b in boxes))
            if any(cells):
                items.append(Item(bbox[1], cells, bbox, key + g, columns, cell_lines))
    return items, rest


def _cell_at(grid, x: float, y: float) -> tuple[int, int] | None:
    for r, row in enumerate(grid):
        for c, box in enumerate(row):
            if box and box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                return r, c
    return None


def _prose_right(pages: list[PageLayout]) -> float:
    """The right margin's distance from the page edge, from the longest printed lines."""
    gaps = []
    for page in pages:
        ends = [max(w["x1"] for w in ln.words) for ln in group_lines(page.words)]
        if ends:
            gaps.append(page.width - max(ends))
    return sorted(gaps)[len(gaps) // 2] if gaps else 36.0


def layout_items(pages: list[PageLayout]) -> list[list[Item]]:
    """Per page, the rows and prose paragraphs in reading order."""
    keys = running_keys(pages)
    right_gap = _prose_right(pages)
    carried: OpenTable | None = None
    next_key = 0
    result: list[list[Item]] = []
    first_rows: dict[int, list[tuple[str, ...]]] = {}
    captions: dict[int, tuple[str, ...]] = {}  # the prose line printed just above a table
    for page in pages:
        words = drop_running(page, keys)
        items, rest = _grid_items(page, words, next_key)
        next_key += len(page.grids)
        if items:
            carried = None
        lines = group_lines(rest)
        found = borderless_tables(lines, page.rules, next_key, carried)
        next_key += len(page.rules) + 1
        carried = found.open_table
        items.extend(found.items)
        aligned = aligned_tables(lines, page.rules, next_key, found.used)
        next_key += len(aligned.items)
        items.extend(aligned.items)
        taken = found.used | aligned.used
        prose: list[PrintedLine] = [ln for i, ln in enumerate(lines) if i not in taken]
        for para in paragraphs(prose, page.width - right_gap):
            text = " ".join(ln.text for ln in para)
            bbox = (min(ln.x0 for ln in para), para[0].top, max(ln.x1 for ln in para), para[-1].bottom)
            items.append(Item(para[0].top, (text,), bbox, None))
        items.sort(key=lambda it: (it.top, it.bbox[0]))
        previous = next((p[-1] for p in reversed(result) if p), None)
        items = _join_continued(previous, items, first_rows, captions)
        for n, item in enumerate(items):
            if item.table is not None:
                if item.table not in first_rows and n and items[n - 1].table is None:
                    captions[item.table] = items[n - 1].cells
                first_rows.setdefault(item.table, [])
                if len(first_rows[item.table]) < 2:
                    first_rows[item.table].append(item.cells)
        result.append(items)
    return result


def _same_columns(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 2 for x, y in zip(a, b, strict=True))


def _join_continued(previous: Item | None, items: list[Item], first_rows: dict[int, list[tuple[str, ...]]],
                    captions: dict[int, tuple[str, ...]]) -> list[Item]:
    """A table that ran to the foot of the last page and goes on at the top of this one, in the same
    columns, is one table: its rows join the last page's, and its repeated caption and header go
    (a caption read as prose above the table on both pages too)."""
    if previous is None or previous.table is None or not items:
        return items
    caption = captions.get(previous.table)
    if len(items) > 1 and items[0].table is None and caption and items[0].cells == caption:
        rest = items[1:]
        joined = _join_continued(previous, rest, first_rows, captions)
        return items if joined is rest else joined  # the caption goes only with a joined table
    if items[0].table is None:
        return items
    if items[0].table == previous.table or not _same_columns(items[0].columns, previous.columns):
        return items
    old, new = previous.table, items[0].table
    repeated = [" ".join(r).split() for r in first_rows.get(old, [])]
    joined = []
    leading = True
    for item in items:
        if item.table == new:
            if leading and " ".join(item.cells).split() in repeated:
                continue  # the caption or header printed again
            leading = False
            item = replace(item, table=old)
        joined.append(item)
    return joined


def read_lines(data: bytes, source_file: str) -> tuple[list[Line], int]:
    """The document's lines (global numbering, page of each) and its page count."""
    pages = read_pages(data, source_file)
    blank = [p.number for p in pages if not p.words]
    if len(blank) == len(pages):
        if any(p.images for p in pages):
            raise NeedsOCR(f"no page has a text layer (all {len(pages)} are images); the PDF needs OCR",
                           source_file)
        raise UnreadableDocument("the PDF has no text on any page", source_file)
    scanned = [p.number for p in pages if not p.words and p.images]
    if scanned:
        log.warning("%s: pages %s have no text layer and are skipped (they need OCR)", source_file, scanned)
    lines: list[Line] = []
    previous: int | None = None
    for number, items in enumerate(layout_items(pages), start=1):
        for item in items:
            if item.table != previous and lines and not lines[-1].is_blank:
                if previous is not None or item.table is not None:
                    lines.append(Line(no=len(lines) + 1, text="", cells=("",), page=number))
            text = "\t".join(item.cells)
            lines.append(Line(no=len(lines) + 1, text=text, cells=item.cells, page=number,
                              bbox=tuple(round(v, 1) for v in item.bbox),
                              cell_lines=item.cell_lines or None))
            previous = item.table
    return lines, len(pages)
