"""Text a viewer does not show stays out of the lines; shading drawn as strips is one box; a fill
in the page's colour is no shading.

Producers clip a cell's overflowing text (a browser printing a KPI box, an office suite keeping a
hidden copy of a group heading under the first row). The PDFs are drawn here with reportlab's
canvas so that exactly one run is clipped away, or one cell is shaded by stacked strips.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from pipeline.reading import read_document


def _clipped_run_pdf(path: Path, clip: bool) -> None:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(72, 760, "Percentage of calls answered")
    c.saveState()
    if clip:
        box = c.beginPath()
        box.rect(70, 735, 400, 16)
        c.clipPath(box, stroke=0, fill=0)
    c.drawString(72, 740, "Latest: 94% Target: 90% Floor: 85%")
    c.drawString(72, 722, "Floor: 90%")  # below the box: clipped away when the box clips
    c.restoreState()
    c.drawString(72, 690, "Calls fell by a fifth on the quarter.")
    c.showPage()
    c.save()


def _texts(path: Path) -> list[str]:
    return [ln.text for ln in read_document(path, path.name).lines if not ln.is_blank]


def test_text_outside_its_clip_is_not_read(tmp_path: Path):
    path = tmp_path / "clipped.pdf"
    _clipped_run_pdf(path, clip=True)
    texts = _texts(path)
    assert "Floor: 90%" not in " ".join(texts)
    assert any("Latest: 94% Target: 90% Floor: 85%" in t for t in texts)
    assert any("Calls fell by a fifth on the quarter." in t for t in texts)


def test_the_same_run_unclipped_is_read(tmp_path: Path):
    path = tmp_path / "unclipped.pdf"
    _clipped_run_pdf(path, clip=False)
    assert any(t == "Floor: 90%" for t in _texts(path))


def _ruled_table_pdf(path: Path, strips: bool) -> None:
    """A ruled 3x3 table whose first cell of the second row is shaded, flat or in 2pt strips."""
    c = canvas.Canvas(str(path), pagesize=landscape(A4))
    xs, ys = [60, 200, 420, 700], [500, 480, 420, 400]
    rows = [["Directorate", "Risk Title", "Exposure"], ["ASCH / CYPE", "Market Sustainability", "20.0"],
            ["ALL", "Revenue Inflation", "14.0"]]
    top, bottom = ys[1], ys[2]
    if strips:
        for n, y in enumerate(range(bottom, top, 2)):
            c.setFillColorRGB(0.1 + n * 0.01, 0.37, 0.43)
            c.rect(xs[0], y, xs[1] - xs[0], 2, stroke=0, fill=1)
    else:
        c.setFillColorRGB(0.2, 0.37, 0.4)
        c.rect(xs[0], bottom, xs[1] - xs[0], top - bottom, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    c.setFont("Helvetica", 10)
    for r, row in enumerate(rows):
        for col, text in enumerate(row):
            c.drawString(xs[col] + 4, ys[r] - 14, text)
    c.showPage()
    c.save()


def test_strip_shading_is_one_cell(tmp_path: Path):
    cells = {}
    for strips in (False, True):
        path = tmp_path / f"strips-{strips}.pdf"
        _ruled_table_pdf(path, strips)
        cells[strips] = [ln.cells for ln in read_document(path, path.name).lines if ln.is_tabular]
    assert cells[True] == cells[False]
    assert ("ASCH / CYPE", "Market Sustainability", "20.0") in cells[True]


PARAGRAPH = ["Following completion of the Phase 1 implementation plan for the Kent & Medway",
             "Framework, use will be made of KCC's new role as Accountable Body and potential future",
             "transition to a Strategic Authority to liaise with key government departments."]


def _boxed_paragraph_pdf(path: Path, background: tuple[float, ...] | None) -> None:
    """A paragraph in a box drawn with rules, each word on a filled box of its own (a word
    processor's highlight) in the colour given, as a council's report prints its risk updates."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(60, 560, 480, 90, stroke=1, fill=0)
    y = 620
    for line in PARAGRAPH:
        x = 66.0
        for word in line.split():
            width = c.stringWidth(word, "Helvetica", 10)
            if background is not None:
                if len(background) == 4:
                    c.setFillColorCMYK(*background)
                else:
                    c.setFillColorRGB(*background)
                c.rect(x, y - 3, width + 2.8, 13, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
            c.setFont("Helvetica", 10)
            c.drawString(x, y, word)
            x += width + 2.8
        y -= 14
    c.showPage()
    c.save()


def test_a_highlight_in_the_page_colour_behind_every_word_reads_as_the_paragraph(tmp_path: Path):
    """White (RGB or CMYK) boxes behind each word show nothing: they are neither shading nor cells."""
    read = {}
    for name, background in [("plain", None), ("white", (1, 1, 1)), ("no-ink", (0, 0, 0, 0))]:
        path = tmp_path / f"{name}.pdf"
        _boxed_paragraph_pdf(path, background)
        read[name] = [ln.text for ln in read_document(path, path.name).lines if not ln.is_blank]
    assert read["plain"] == [" ".join(PARAGRAPH)]  # one paragraph, its lines joined
    assert read["white"] == read["plain"]
    assert read["no-ink"] == read["plain"]


def _sentence_above_table_pdf(path: Path, gap: bool) -> None:
    """A sentence with a wide gap where an image sat (as a scorecard's key to its arrows), then a
    borderless table whose first gutter falls under the sentence's words."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    if gap:
        c.drawString(72, 700, "performance met the target =")
        c.drawString(260, 700, "/ 2019/20 performance was below the target =")
    else:
        c.drawString(72, 700, "performance met the target = / 2019/20 performance was below the target =")
    rows = [["Unit", "PI Code and Short Name", "Target"], ["Legal", "LS087_Total number of complaints", "2"],
            ["IT", "ITS085_Faults resolved at first contact", "50%"], ["HR", "HRS550_Complaints received", "4"]]
    for n, row in enumerate(rows):
        for x, text in zip((72, 150, 400), row, strict=True):
            c.drawString(x, 670 - 16 * n, text)
    c.showPage()
    c.save()


def test_a_sentence_set_with_a_wide_gap_above_a_table_is_not_its_first_row(tmp_path: Path):
    """The table keeps its three columns, with or without the gap in the sentence above it."""
    for gap in (False, True):
        path = tmp_path / f"gap-{gap}.pdf"
        _sentence_above_table_pdf(path, gap)
        lines = [ln for ln in read_document(path, path.name).lines if not ln.is_blank]
        rows = [ln.cells for ln in lines if sum(1 for c in ln.cells if c) > 1]
        assert rows == [("Unit", "PI Code and Short Name", "Target"),
                        ("Legal", "LS087_Total number of complaints", "2"),
                        ("IT", "ITS085_Faults resolved at first contact", "50%"),
                        ("HR", "HRS550_Complaints received", "4")], gap
        assert " ".join(lines[0].text.split()) == (
            "performance met the target = / 2019/20 performance was below the target =")
