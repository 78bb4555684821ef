"""Print a test document as an office suite does: a DOCX written with python-docx, converted to PDF
by LibreOffice. Borders, shading and repeated header rows are Word's own table properties, and a
row may break across pages (Word's default), so cell text can run on at the top of the next page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .document import RUNNING_HEADER, Block, Bullet, Convention, Heading, TableBlock
from .document import Paragraph as Prose

SOFFICE = "soffice"
SHADE = "D9E2F3"


def available() -> bool:
    return shutil.which(SOFFICE) is not None


def _run(paragraph, text: str, conv: Convention, size: float, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.name = conv.face.name
    run.font.size = Pt(size)
    run.font.bold = bold


def _tight(paragraph, after: float = 0.0) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(after), 1.0


def _border(conv: Convention, edge: str) -> OxmlElement:
    element = OxmlElement(f"w:{edge}")
    element.set(qn("w:val"), "single")
    element.set(qn("w:sz"), str(round(conv.rule_weight * 8)))  # eighths of a point
    element.set(qn("w:color"), conv.rule_colour)
    element.set(qn("w:space"), "0")
    return element


def _cell_borders(cell, conv: Convention, edges: tuple[str, ...]) -> None:
    props = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in edges:
        borders.append(_border(conv, edge))
    props.append(borders)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat(row) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _table(doc, block: TableBlock, conv: Convention, width: float) -> None:
    size = conv.face.size
    ncols = len(block.header)
    rows = ([[block.title] + [""] * (ncols - 1)] if block.title else []) + [block.header] + block.rows
    head_rows = 2 if block.title else 1
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.autofit = False
    for c, column in enumerate(table.columns):
        column.width = Cm(width * block.widths[c])
    for r, (row, cells) in enumerate(zip(table.rows, rows, strict=True)):
        for c, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
            cell.width = Cm(width * block.widths[c])
            _tight(cell.paragraphs[0], after=size * 0.3)
            if text:
                _run(cell.paragraphs[0], text, conv, size, bold=r < head_rows)
            if conv.rules == "grid":
                _cell_borders(cell, conv, ("top", "left", "bottom", "right"))
            elif conv.rules == "rows" and r >= head_rows - 1:
                _cell_borders(cell, conv, ("bottom",))
            elif conv.rules == "header" and r == head_rows - 1:
                _cell_borders(cell, conv, ("bottom",))
            elif conv.rules == "shaded" and r >= head_rows and (r - head_rows) % 2 == 1:
                _shade(cell, SHADE)
        if conv.repeat_header and r < head_rows:
            _repeat(row)
    if block.title and conv.title == "merged":
        merged = table.cell(0, 0).merge(table.cell(0, ncols - 1))
        for extra in merged.paragraphs[1:]:  # merging keeps each cell's (empty) paragraph
            extra._element.getparent().remove(extra._element)


def write_docx(blocks: list[Block], conv: Convention, path: Path) -> None:
    """Write `blocks` printed in convention `conv` as a DOCX."""
    doc = Document()
    section = doc.sections[0]
    if conv.orientation == "landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    width = (section.page_width - section.left_margin - section.right_margin) / Cm(1)
    size = conv.face.size
    header = section.header.paragraphs[0]
    _run(header, RUNNING_HEADER, conv, 7.5)
    footer = section.footer.paragraphs[0]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    footer.alignment = 1
    for block in blocks:
        if isinstance(block, Heading):
            p = doc.add_paragraph()
            _tight(p, after=size * 0.4)
            p.paragraph_format.space_before = Pt(size)
            p.paragraph_format.keep_with_next = True
            _run(p, block.text, conv, size * 1.45, bold=True)
        elif isinstance(block, Prose):
            p = doc.add_paragraph()
            _tight(p, after=size * 0.6)
            _run(p, block.text, conv, size)
        elif isinstance(block, Bullet):
            p = doc.add_paragraph()
            _tight(p, after=size * 0.3)
            p.paragraph_format.left_indent = Cm(0.8)
            p.paragraph_format.first_line_indent = Cm(-0.5)
            p.paragraph_format.tab_stops.add_tab_stop(Cm(0.8))
            _run(p, "•\t" + block.text, conv, size)
        else:
            _table(doc, block, conv, width)
            _tight(doc.add_paragraph(), after=size * 0.4)
    doc.save(str(path))


# LibreOffice's PDF export filter, writing a structure tree (Table/TR/TH/TD) as Word does.
TAGGED = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def convert(docx_files: list[Path], out: Path, tagged: bool = False) -> list[Path]:
    """PDFs of the DOCX files, converted by one LibreOffice run with a profile of its own; `tagged`
    exports the structure tree too."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        command = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", TAGGED if tagged else "pdf", "--outdir", str(out), *map(str, docx_files)]
        subprocess.run(command, check=True, capture_output=True, timeout=600,
                       env={**os.environ, "HOME": profile})
    pdfs = [out / f"{f.stem}.pdf" for f in docx_files]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice wrote no PDF for {missing}")
    return pdfs
