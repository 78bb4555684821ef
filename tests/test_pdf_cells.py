"""The text of a ruled cell printed over several lines: joined as a reader would, and kept by line.

The PDF is drawn with reportlab's canvas so that each cell's line breaks are known exactly.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from pipeline.reading import read_document
from pipeline.reading.pdf_lines import join_wrapped

# Each cell is a list of printed lines; the first row is a band over all three columns.
BAND = ["Adult Social Care & Health Operations", "Directors: Sydney Hill & Mark Albiston"]
ROWS = [
    [["Row Ref"], ["Key Service"], ["Description"]],
    [["5"], ["Adaptive & Assistive", "Technology"], ["Budget brought into balance in 2024-", "25 by under-",
                                                     "spend - then reviewed"]],
]


def _pdf(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=landscape(A4))
    xs, ys = [60, 160, 380, 760], [520, 480, 450, 390]
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in (xs[0], xs[-1]):
        c.line(x, ys[0], x, ys[-1])
    for x in xs[1:-1]:
        c.line(x, ys[1], x, ys[-1])
    c.setFont("Helvetica", 10)
    for n, text in enumerate(BAND):
        c.drawString(xs[0] + 4, ys[0] - 14 - 13 * n, text)
    for r, row in enumerate(ROWS):
        for col, lines in enumerate(row):
            for n, text in enumerate(lines):
                c.drawString(xs[col] + 4, ys[r + 1] - 14 - 13 * n, text)
    c.showPage()
    c.save()


def test_wrapped_cells_joined_and_kept_by_line(tmp_path: Path):
    path = tmp_path / "cells.pdf"
    _pdf(path)
    rows = [ln for ln in read_document(path, path.name).lines if ln.is_tabular]
    assert rows[0].cells[0] == "Adult Social Care & Health Operations Directors: Sydney Hill & Mark Albiston"
    assert rows[0].cell_lines[0] == tuple(BAND)
    assert rows[-1].cells == ("5", "Adaptive & Assistive Technology",
                              "Budget brought into balance in 2024-25 by under-spend - then reviewed")
    assert rows[-1].cell_lines[2] == tuple(ROWS[1][2])


def test_a_line_ending_in_a_dash_after_a_space_keeps_the_space():
    assert join_wrapped(["income -", "grants"]) == "income - grants"
    assert join_wrapped(["micro-", "providers"]) == "micro-providers"
    assert join_wrapped(["Total", "- Adults"]) == "Total - Adults"
