"""Render the text seeds as DOCX files and convert them with LibreOffice: a third producer.

    python -m benchmarks.render_seeds_office [raw/*.txt] [--out out/libreoffice]

Word processors print tables their own way: borders are cell properties, a header row repeats by
its own flag, a row may break across pages, and shading is a cell fill. Each seed is written as a
DOCX (python-docx) in every layout of `render_seeds.py` and converted in one LibreOffice run to
`<seed stem>.libreoffice-<layout>.pdf`, so `score.py` scores it against the seed's gold. Prose
lines become paragraphs (short unpunctuated ones headings); a table's first row is its title
where it has at most three pieces above a fuller row, as `render_seeds.py` decides. The `tagged`
layout is the row-ruled one exported with a structure tree (`UseTaggedPDF`), as Word exports one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.render_seeds import Block, _font, _is_caption, _widths, parse_seed
from benchmarks.render_seeds_html import _is_heading
from tests.pdfgen import office_pdf
from tests.pdfgen.document import Convention, Heading, Paragraph, TableBlock

# Text width of an A4 page with the generator's 1.8 cm margins, in points.
TEXT_WIDTH = {"portrait": (21.0 - 3.6) / 2.54 * 72, "landscape": (29.7 - 3.6) / 2.54 * 72}
# Header rows print bold, wider than the regular face the widths are measured in.
BOLD_ALLOWANCE = 1.15
CONVENTIONS = {
    "ruled": Convention(rules="grid", orientation="landscape"),
    "rows": Convention(rules="rows"),
    "shaded": Convention(rules="shaded"),
    "borderless": Convention(rules="header"),
}
# Exported with a structure tree (Word's and LibreOffice's Table/TR/TD tags): the row-ruled layout.
TAGGED = {"tagged": Convention(rules="rows")}


def _rows(block: Block) -> list[list[str]]:
    ncols = max(len(r) for r in block.rows)
    return [[c.strip() for c in r] + [""] * (ncols - len(r)) for r in block.rows]


def _size(tables: list[Block], width: float) -> float:
    """The largest size up to 7pt at which every table's longest words fit side by side."""
    size = 7.0
    while size > 4 and any(_widths(_rows(t), width, _font(), size * BOLD_ALLOWANCE) is None for t in tables):
        size -= 0.25
    return size


def _table(block: Block, width: float, size: float) -> TableBlock:
    rows = _rows(block)
    title = ""
    if _is_caption(rows) and len([c for c in rows[0] if c]) == 1 and rows[0][0]:
        title = rows[0][0]
    widths = _widths(rows, width, _font(), size * BOLD_ALLOWANCE) or [1.0] * len(rows[0])
    body = rows[1:] if title else rows
    return TableBlock(header=body[0], rows=body[1:], title=title, widths=[w / sum(widths) for w in widths])


def blocks_of(seed_blocks: list[Block], width: float, size: float) -> list:
    """The seed as the test generator's blocks."""
    out: list = []
    for block in seed_blocks:
        if not block.rows:
            continue
        if block.table:
            out.append(_table(block, width, size))
            continue
        for row in block.rows:
            text = row[0].strip()
            if text:
                out.append(Heading(text) if _is_heading(text) else Paragraph(text))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seeds", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=Path("out/libreoffice"))
    args = parser.parse_args()
    seeds = args.seeds or sorted(Path("raw").glob("*.txt"))
    args.out.mkdir(parents=True, exist_ok=True)
    for layouts, tagged in ((CONVENTIONS, False), (TAGGED, True)):
        docx = []
        for seed in seeds:
            seed_blocks = parse_seed(seed.read_text(encoding="utf-8-sig"))
            tables = [b for b in seed_blocks if b.table and b.rows]
            for layout, conv in layouts.items():
                width = TEXT_WIDTH[conv.orientation]
                size = _size(tables, width)
                conv = conv.model_copy(update={"size": size})
                docx.append(args.out / f"{seed.stem}.libreoffice-{layout}.docx")
                office_pdf.write_docx(blocks_of(seed_blocks, width, size), conv, docx[-1])
        for path, pdf in zip(docx, office_pdf.convert(docx, args.out, tagged=tagged), strict=True):
            path.unlink()
            print(pdf)


if __name__ == "__main__":
    main()
