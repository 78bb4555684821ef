"""Text a PDF carries but does not show: a heading left in the text layer on top of a table row.

The PDF is drawn by the test with reportlab as a ruled table whose first row has a 14-point heading
printed over its cells (as a producer leaves a clipped merged-cell heading on every page). What a
reader sees is the row; the heading must not reach the cells.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from pipeline.reading.overprint import drop_overprinted
from pipeline.reading.pdf import read_lines

ROWS = [
    ("Directorate", "Risk Title", "Consequence"),
    ("ASCH", "Market Sustainability", "Overspend on care packages"),
    ("CYPE", "Home to School Transport", "Higher contract prices"),
]


def _table_pdf(path: Path, hidden: str | None) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=landscape(A4))
    width, height = landscape(A4)
    xs = [40, 160, 420, 760]
    top = height - 80
    for r, row in enumerate(ROWS):
        y = top - r * 30
        pdf.line(xs[0], y, xs[-1], y)
        pdf.setFont("Helvetica-Bold" if r == 0 else "Helvetica", 11)
        for c, cell in enumerate(row):
            pdf.drawString(xs[c] + 4, y - 18, cell)
    bottom = top - len(ROWS) * 30
    pdf.line(xs[0], bottom, xs[-1], bottom)
    for x in xs:
        pdf.line(x, top, x, bottom)
    if hidden:
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(xs[0] + 3, top - 30 - 17, hidden)
    pdf.save()
    return path


def test_heading_printed_over_a_row_stays_out_of_its_cells(tmp_path: Path):
    clean, _ = read_lines(_table_pdf(tmp_path / "clean.pdf", None).read_bytes(), "clean.pdf")
    hidden, _ = read_lines(
        _table_pdf(tmp_path / "hidden.pdf", "Significant Risks (over £10m)").read_bytes(), "hidden.pdf")
    assert [line.cells for line in hidden] == [line.cells for line in clean]
    assert ("ASCH", "Market Sustainability", "Overspend on care packages") in [line.cells for line in hidden]
    assert not any("Significant" in line.text for line in hidden)


def _word(text: str, x0: float, top: float, size: float = 11.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top, "bottom": top + size, "size": size}


def test_words_side_by_side_are_all_kept():
    words = [_word("Total", 10, 100), _word("£m", 60, 100), _word("334.7", 120, 100), _word("Risk", 10, 115)]
    assert drop_overprinted(words) == words


def test_the_run_lying_on_other_words_is_dropped_not_the_row_under_it():
    row = [_word("ASCH", 25, 178), _word("Market", 95, 178), _word("Sustainability", 160, 178)]
    heading = [_word("Significant", 26, 180, 14), _word("Risks", 101, 180, 14)]
    assert drop_overprinted(row + heading) == row
