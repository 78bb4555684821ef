"""PDF plans: pdfplumber's words and tables -> the same numbered `Line`s the text reader produces.

Pass one opens each page once, takes its words (pdfplumber's word extractor over the characters of
pdfminer's layout), its horizontal rules and (only where the page has both vertical and horizontal
rules) pdfplumber's ruled tables, then closes it. Pass two, on plain
data, drops running headers, footers and page numbers (found by comparing pages), rebuilds
borderless tables (see `pdf_borderless`) and emits, in reading order, one `Line` per table row with
its cells and one single-cell `Line` per paragraph of prose. Tables are separated from what
follows them by a blank line, as in the text conversions, so the table finder sees the same shape.
"""

from __future__ import annotations

import io
import logging
from dataclasses import replace

from pipeline.errors import NeedsOCR, UnreadableDocument
from pipeline.layout import Line

from .overprint import drop_overprinted
from .pdf_borderless import OpenTable, borderless_tables
from .pdf_furniture import drop_running, grid_boxes, running_keys
from .pdf_lines import Item, PageLayout, PrintedLine, bold_prefix, group_lines
from .pdf_prose import body_size, heading_level, paragraph_text, paragraphs
from .pdf_ruled import find_grids, grid_items
from .pdf_settings import DEFAULT, ReaderSettings

log = logging.getLogger(__name__)

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


_BOLD = ("bold", "black", "heavy", "semibold", "demi")


def _is_bold(fontname: str) -> bool:
    """Bold by the font's name, which is what producers record (`ABCDEF+DejaVuSans-Bold`,
    `Arial,Bold`, `TimesNewRoman,B`)."""
    name = fontname.split("+", 1)[-1].lower()
    return any(mark in name for mark in _BOLD) or name.endswith(",b") or ",b," in name


def _page_content(page, settings: ReaderSettings) -> tuple[list[dict], list[dict], list[dict], int]:
    """Characters, rule edges, filled boxes and the number of images, from pdfminer's layout of the page.

    pdfplumber's own `page.chars` turns every attribute of every object into a dict first (colours,
    graphic state, paths), which costs more than the parsing itself; the reader needs a few numbers.
    Coordinates are pdfplumber's (top-down, relative to the MediaBox, as in `Page.process_object`).
    Characters outside their clipping path are left out: a viewer does not show them. A filled box
    no thicker than a rule is a rule (browsers and office suites draw borders so); a larger one is
    shading, kept apart from the edges so that a shaded band is never a cell border.
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
                          "doctop": doctop + top, "upright": obj.upright, "size": obj.size,
                          "bold": _is_bold(obj.fontname)})
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
    fills = []
    for shape in _merge_bands(bands):
        if min(shape["width"], shape["height"]) <= settings.fill_rule_max:
            edges.extend(rect_to_edges({**shape, "object_type": "rect"}))
        else:
            fills.append(shape)
    return chars, edges, fills, images


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


def read_page(page, number: int, settings: ReaderSettings = DEFAULT) -> PageLayout:
    """Everything pass two needs from one page, read once."""
    from pdfplumber.utils.text import extract_words

    chars, edges, fills, images = _page_content(page, settings)
    words = extract_words(chars, x_tolerance=settings.x_tolerance, y_tolerance=settings.y_tolerance,
                          keep_blank_chars=False, extra_attrs=["size", "bold"])
    keys = ("text", "x0", "x1", "top", "bottom", "size", "bold")
    words = drop_overprinted([{k: w[k] for k in keys} for w in words])
    layout = PageLayout(number=number, width=float(page.width), height=float(page.height), words=words,
                        rules=[], images=images)
    if not words:
        return layout
    # Shading takes part in a ruled table (a shaded band above its header is one of its cells),
    # never makes one: only a page with drawn vertical rules hands its fills to the table finder.
    from pdfplumber.utils import rect_to_edges

    ruled = sum(1 for e in edges if e["orientation"] == "v") >= 2
    fill_edges = [e for f in fills for e in rect_to_edges({**f, "object_type": "rect"})] if ruled else []
    layout.grids = find_grids(page, edges + fill_edges, settings)
    boxes = grid_boxes(layout)

    def in_grid(x0: float, x1: float, top: float, bottom: float) -> bool:
        return any(b[0] - 1 <= x0 and x1 <= b[2] + 1 and b[1] - 1 <= top and bottom <= b[3] + 1 for b in boxes)

    # Segments are merged before they are measured: a browser draws a rule under a header as one
    # border per cell, each of them shorter than a table rule, together as wide as the table.
    horizontal = [e for e in edges if e["orientation"] == "h"]
    segments = _merge_rules([(float(e["x0"]), float(e["x1"]), float(e["top"])) for e in horizontal])
    for x0, x1, y in segments:
        if x1 - x0 >= settings.rule_min_share * layout.width and not in_grid(x0, x1, y, y):
            layout.rules.append((x0, x1, y))
    bands = _merge_rules([(f["x0"], f["x1"], f["top"], f["bottom"]) for f in fills])
    layout.fills = [b for b in bands if b[1] - b[0] >= settings.rule_min_share * layout.width
                    and not in_grid(b[0], b[1], b[2], b[3])]
    return layout


def _merge_rules(rules: list[tuple]) -> list[tuple]:
    """Rules (x0, x1, y) or bands (x0, x1, top, bottom) drawn as touching segments at one height
    (one per cell) become one."""
    merged: list[tuple] = []
    for shape in sorted(rules, key=lambda r: (round(r[2]), r[0])):
        last = merged[-1] if merged else None
        if last and all(abs(a - b) < 1 for a, b in zip(last[2:], shape[2:], strict=True)) and shape[0] <= last[1] + 2:
            merged[-1] = (last[0], max(last[1], shape[1]), *last[2:])
        else:
            merged.append(shape)
    return sorted(merged, key=lambda r: r[2])


def _close(thing) -> None:
    """Close a page or the PDF; a PDF broken enough to fail again here must not hide why it failed."""
    try:
        thing.close()
    except Exception:
        log.debug("closing %r failed", thing, exc_info=True)


def read_pages(data: bytes, source_file: str, settings: ReaderSettings = DEFAULT) -> list[PageLayout]:
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
                layouts.append(read_page(page, number, settings))
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


def _prose_right(pages: list[PageLayout]) -> float:
    """The right margin's distance from the page edge, from the longest printed lines."""
    gaps = []
    for page in pages:
        ends = [max(w["x1"] for w in ln.words) for ln in group_lines(page.words)]
        if ends:
            gaps.append(page.width - max(ends))
    return sorted(gaps)[len(gaps) // 2] if gaps else 36.0


def layout_items(pages: list[PageLayout], settings: ReaderSettings = DEFAULT) -> list[list[Item]]:
    """Per page, the rows and prose paragraphs in reading order."""
    keys = running_keys(pages, settings)
    right_gap = _prose_right(pages)
    carried: OpenTable | None = None
    next_key = 0
    result: list[list[Item]] = []
    first_rows: dict[int, list[tuple[str, ...]]] = {}
    captions: dict[int, tuple[str, ...]] = {}  # the prose line printed just above a table
    paras: dict[int, list[PrintedLine]] = {}  # the printed lines of each prose item
    page_words = []
    for page in pages:
        words = drop_running(page, keys, settings)
        page_words.append(words)
        items, rest = grid_items(page, words, next_key, settings)
        next_key += len(page.grids)
        if items:
            carried = None
        lines = group_lines(rest, settings)
        found = borderless_tables(lines, page.rules, page.fills, next_key, carried, settings)
        next_key += len(lines) + 1
        carried = found.open_table
        items.extend(found.items)
        prose: list[PrintedLine] = [ln for i, ln in enumerate(lines) if i not in found.used]
        for para in paragraphs(prose, page.width - right_gap, settings):
            text = paragraph_text(para, settings)
            bbox = (min(ln.x0 for ln in para), para[0].top, max(ln.x1 for ln in para), para[-1].bottom)
            item = Item(para[0].top, (text,), bbox, None, size=max(ln.size for ln in para))
            paras[id(item)] = para
            items.append(item)
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
    body = body_size([it for page_items in result for it in page_items])
    for page_items, words in zip(result, page_words, strict=True):
        for item in page_items:
            level = heading_level(paras[id(item)], body, settings) if id(item) in paras else 0
            if level and settings.mark_headings:
                item.heading_level = level
                item.cells = ("#" * level + " " + item.cells[0],)
            item.bold_prefix = bold_prefix("\t".join(item.cells), _inside(words, item.bbox))
    return result


def _inside(words: list[dict], box: tuple[float, float, float, float]) -> list[dict]:
    """The words printed in a box (by their middle, a point's slack)."""
    x0, top, x1, bottom = box
    return [w for w in words if x0 - 1 <= (w["x0"] + w["x1"]) / 2 <= x1 + 1
            and top - 1 <= (w["top"] + w["bottom"]) / 2 <= bottom + 1]


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


def read_lines(data: bytes, source_file: str,
               settings: ReaderSettings | dict | None = None) -> tuple[list[Line], int]:
    """The document's lines (global numbering, page of each) and its page count."""
    settings = ReaderSettings.resolve(settings)
    pages = read_pages(data, source_file, settings)
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
    for number, items in enumerate(layout_items(pages, settings), start=1):
        for item in items:
            if item.table != previous and lines and not lines[-1].is_blank:
                if previous is not None or item.table is not None:
                    lines.append(Line(no=len(lines) + 1, text="", cells=("",), page=number))
            text = "\t".join(item.cells)
            lines.append(Line(no=len(lines) + 1, text=text, cells=item.cells, page=number,
                              bbox=tuple(round(v, 1) for v in item.bbox),
                              cell_lines=item.cell_lines or None, bold_prefix=item.bold_prefix))
            previous = item.table
    return lines, len(pages)
