"""Pass one over a PDF page: its characters, words, rules, shading and ruled tables, read once.

Decides what of pdfminer's layout the reader keeps: characters inside their clipping path (with
symbol fonts mapped back to the signs they print, and whether their font is bold), rules (a filled
box no thicker than a rule is one, as browsers and office suites draw borders), shaded bands kept
apart from rules (a fill in the page's own colour is neither), and the grids pdfplumber's table
finder sees where vertical rules are drawn.
"""

from __future__ import annotations

from functools import lru_cache

from .overprint import drop_overprinted
from .pdf_furniture import grid_boxes
from .pdf_lines import PageLayout
from .pdf_ruled import find_grids
from .pdf_settings import DEFAULT, ReaderSettings

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


@lru_cache(maxsize=256)
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
    tags = settings.use_tags
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
            if tags:
                chars[-1]["mcid"] = getattr(obj, "mcid", None)
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
                if not _is_white(obj.non_stroking_color):
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


def _is_white(color) -> bool:
    """A fill in the page's own colour: a word processor's highlight behind every word of a
    paragraph, say. It shows nothing, so it is neither shading nor a cell border."""
    values = color if isinstance(color, tuple | list) else (color,)
    if not values or any(not isinstance(v, int | float) for v in values):
        return False  # a pattern or an unknown colour space: take it as printed
    if len(values) == 4:  # CMYK: no ink
        return all(v <= 0.02 for v in values)
    return all(v >= 0.98 for v in values)  # grey or RGB


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
    attrs = ["size", "bold", "mcid"] if settings.use_tags else ["size", "bold"]  # mcid: the structure tree's key
    words = extract_words(chars, x_tolerance=settings.x_tolerance, y_tolerance=settings.y_tolerance,
                          keep_blank_chars=False, extra_attrs=attrs)
    keys = ("text", "x0", "x1", "top", "bottom", *attrs)
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
