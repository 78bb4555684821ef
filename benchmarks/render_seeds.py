"""Render the text seeds as PDFs, to measure the PDF reader against the same gold as the text path.

    python benchmarks/render_seeds.py [raw/*.txt] [--out out/renders]

Each seed becomes one PDF per layout, `<seed stem>.<layout>.pdf`: `ruled` (landscape, every table
drawn with grid lines), `rows` (portrait, a rule under the header and a thin grey one between rows),
`shaded` (portrait, alternate body rows shaded, no rules) and `borderless` (portrait, a rule only
under each table's header). Tables
split across pages repeat their caption and header rows; long cells wrap inside their column; every
page carries a running header and a page number, which the reader must drop. Because the names start
with the seed's stem, `score.py` scores the renderings against the seed's gold.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

# Found on reportlab's font search path; the first that exists is used.
FONT_FILES = ["DejaVuSans.ttf", "LiberationSans-Regular.ttf"]
# Every table drawn as a grid; a rule under the header and between every row (no vertical rules,
# as a word processor's light table styles print); alternate rows shaded, no rules; a rule under
# the header only.
LAYOUTS = ("ruled", "rows", "shaded", "borderless")
SHADE = colors.HexColor("#D9E2F3")
MARGIN = 36.0


def _font() -> str:
    """A TrueType font with the bullets and dots the plans print (◆ ● ○), else Helvetica."""
    if "PlanSans" in pdfmetrics.getRegisteredFontNames():
        return "PlanSans"
    for name in FONT_FILES:
        try:
            pdfmetrics.registerFont(TTFont("PlanSans", name))
        except Exception:  # reportlab raises TTFError or OSError for a font it cannot find
            continue
        return "PlanSans"
    return "Helvetica"


@dataclass
class Block:
    """A run of prose lines (`rows` of one cell each) or a table (`table=True`)."""

    rows: list[list[str]]
    table: bool


def parse_seed(text: str) -> list[Block]:
    """Split a seed into prose and tables the way its tabs mark them; blank lines end tables."""
    blocks: list[Block] = []
    for raw in text.replace("\f", "").splitlines():
        cells = raw.split("\t")
        is_table = len(cells) > 1 and any(c.strip() for c in cells)
        if not raw.strip():
            blocks.append(Block([], False))
            continue
        if blocks and blocks[-1].table == is_table and blocks[-1].rows:
            blocks[-1].rows.append(cells if is_table else [raw])
        else:
            blocks.append(Block([cells if is_table else [raw]], is_table))
    return blocks


def _widths(rows: list[list[str]], total: float, font: str, size: float) -> list[float] | None:
    """Column widths: a share of the page by how much each column prints, never below its longest word.

    None when the longest words do not fit side by side at this font size.
    """
    ncols = max(len(r) for r in rows)
    weights, minimum = [], []
    for i in range(ncols):
        cells = [r[i] for r in rows if i < len(r) and r[i].strip()]
        mean = sum(len(c) for c in cells) / len(cells) if cells else 2
        words = {w for c in cells for w in c.split()}
        longest = max((pdfmetrics.stringWidth(w, font, size) for w in words), default=size)
        weights.append(max(mean, 6) ** 0.6)
        minimum.append(longest + 13)
    if sum(minimum) > total:
        return None
    widths = list(minimum)
    free = total - sum(widths)
    if free > 0:
        # Share what is left by weight, but let no column grow past the others' needs.
        extra = [max(w / sum(weights) * total - m, 0) for w, m in zip(weights, minimum, strict=True)]
        scale = free / sum(extra) if sum(extra) else 0
        widths = [m + e * scale for m, e in zip(minimum, extra, strict=True)]
        if not sum(extra):
            widths = [w + free / ncols for w in widths]
    return widths


def _is_header(cells: list[str]) -> bool:
    """A row of short labels and no figures: printed again at the top of each page the table runs to."""
    filled = [c for c in cells if c.strip()]
    figures = [c for c in filled if re.fullmatch(r"[£(\-]*[\d,.]+\)?%?", c.strip())]
    return len(filled) >= 2 and not figures and sum(len(c) for c in filled) / len(filled) < 45


def _is_caption(rows: list[list[str]]) -> bool:
    """A first row of at most three pieces above a fuller row or a header is the table's caption."""
    if len(rows) < 2:
        return False
    first, second = (len([c for c in r if c.strip()]) for r in rows[:2])
    return 1 <= first <= 3 and (second > first or _is_header(rows[1]))


def _table(block: Block, layout: str, width: float, font: str) -> Table:
    size = 7.0 if layout == "ruled" else 6.5
    while (widths := _widths(block.rows, width, font, size)) is None:
        size -= 0.25
    style = ParagraphStyle("cell", fontName=font, fontSize=size, leading=size * 1.2, splitLongWords=0)
    ncols = max(len(r) for r in block.rows)
    rows = [r + [""] * (ncols - len(r)) for r in block.rows]
    caption = _is_caption(rows)
    header_row = 1 if caption else 0
    repeat = header_row + 1 if _is_header(rows[header_row]) else header_row
    data = [[Paragraph(escape(c), style) for c in r] for r in rows]
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), font),
    ]
    if caption and rows[0][0].strip() and len([c for c in rows[0] if c.strip()]) == 1:
        commands.append(("SPAN", (0, 0), (-1, 0)))
    if layout == "ruled":
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif layout == "shaded":
        commands.append(("ROWBACKGROUNDS", (0, repeat), (-1, -1), [None, SHADE]))
    else:
        if layout == "rows":
            commands.append(("LINEBELOW", (0, repeat), (-1, -2), 0.4, colors.HexColor("#808080")))
        if repeat > header_row:
            commands.append(("LINEBELOW", (0, header_row), (-1, header_row), 0.8, colors.black))
    return Table(data, colWidths=widths, repeatRows=repeat,
                 style=TableStyle(commands), hAlign="LEFT")


def render(blocks: list[Block], path: Path, layout: str, running_header: str = "") -> int:
    """Write `blocks` as a PDF in one of LAYOUTS; returns the page count."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    font = _font()
    pagesize = landscape(A4) if layout == "ruled" else A4
    width = pagesize[0] - 2 * MARGIN
    prose = ParagraphStyle("prose", fontName=font, fontSize=9, leading=11)
    story: list = []
    for block in blocks:
        if not block.rows:
            story.append(Spacer(1, 6))
        elif block.table:
            story.append(_table(block, layout, width, font))
            story.append(Spacer(1, 10))
        else:
            story.extend(Paragraph(escape(r[0]), prose) for r in block.rows)
    pages = 0

    def decorate(canvas, doc) -> None:
        nonlocal pages
        pages = doc.page
        canvas.saveState()
        canvas.setFont(font, 8)
        if running_header:
            canvas.drawString(MARGIN, pagesize[1] - 22, running_header)
        canvas.drawCentredString(pagesize[0] / 2, 16, str(doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return pages


def running_header_for(text: str) -> str:
    """The seed's first line of text, printed at the top of every page as plans do."""
    for line in text.splitlines():
        if line.strip() and "\t" not in line:
            return re.sub(r"\s+", " ", line).strip()[:90]
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seeds", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=Path("out/renders"))
    args = parser.parse_args()
    seeds = args.seeds or sorted(Path("raw").glob("*.txt"))
    args.out.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        text = seed.read_text(encoding="utf-8-sig")
        blocks = parse_seed(text)
        for layout in LAYOUTS:
            path = args.out / f"{seed.stem}.{layout}.pdf"
            pages = render(blocks, path, layout, running_header_for(text))
            print(f"{path}  {pages} pages")


if __name__ == "__main__":
    main()
