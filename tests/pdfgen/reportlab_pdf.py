"""Print a test document with reportlab's platypus: tables split by row, header rows repeated by
`repeatRows`, rules drawn as lines and shading as filled rectangles."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .document import RUNNING_HEADER, Block, Bullet, Convention, Face, Heading, TableBlock
from .document import Paragraph as Prose

MARGIN = 50.0
SHADE = colors.HexColor("#D9E2F3")


def _fonts(face: Face) -> tuple[str, str]:
    regular, bold = face.name.replace(" ", ""), face.name.replace(" ", "") + "-Bold"
    if regular not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(regular, face.regular))
        pdfmetrics.registerFont(TTFont(bold, face.bold))
    return regular, bold


def _table(block: TableBlock, conv: Convention, width: float, regular: str, bold: str) -> Table:
    size = conv.face.size
    cell = ParagraphStyle("cell", fontName=regular, fontSize=size, leading=size * 1.2)
    head = ParagraphStyle("head", parent=cell, fontName=bold)
    title_row = 1 if block.title else 0
    data = []
    if block.title:
        data.append([Paragraph(escape(block.title), head)] + [""] * (len(block.header) - 1))
    data.append([Paragraph(escape(c), head) for c in block.header])
    data.extend([Paragraph(escape(c), cell) for c in row] for row in block.rows)
    colour = colors.HexColor("#" + conv.rule_colour)
    weight = conv.rule_weight
    commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if block.title and conv.title == "merged":
        commands.append(("SPAN", (0, 0), (-1, 0)))
    if conv.rules == "header":
        commands.append(("LINEBELOW", (0, title_row), (-1, title_row), weight, colour))
    elif conv.rules == "rows":
        commands.append(("LINEBELOW", (0, title_row), (-1, -1), weight, colour))
    elif conv.rules == "grid":
        commands.append(("GRID", (0, 0), (-1, -1), weight, colour))
    elif conv.rules == "shaded":
        commands.append(("ROWBACKGROUNDS", (0, title_row + 1), (-1, -1), [None, SHADE]))
    repeat = (title_row,) if conv.repeat_header else 0
    return Table(data, colWidths=[s * width for s in block.widths], repeatRows=repeat,
                 style=TableStyle(commands), hAlign="LEFT")


def render(blocks: list[Block], conv: Convention, path: Path) -> None:
    """Write `blocks` printed in convention `conv` to `path`."""
    regular, bold = _fonts(conv.face)
    size = conv.face.size
    pagesize = landscape(A4) if conv.orientation == "landscape" else A4
    width = pagesize[0] - 2 * MARGIN
    body = ParagraphStyle("body", fontName=regular, fontSize=size, leading=size * 1.25, spaceAfter=size * 0.6)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=size * 1.45, leading=size * 1.8,
                             spaceBefore=size, spaceAfter=size * 0.4)
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=18, bulletIndent=6, bulletFontName=regular)
    story: list = []
    for block in blocks:
        if isinstance(block, Heading):
            story.append(Paragraph(escape(block.text), heading))
        elif isinstance(block, Prose):
            story.append(Paragraph(escape(block.text), body))
        elif isinstance(block, Bullet):
            story.append(Paragraph(escape(block.text), bullet, bulletText="•"))
        else:
            story.append(_table(block, conv, width, regular, bold))
            story.append(Spacer(1, size))

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.drawString(MARGIN, pagesize[1] - 28, RUNNING_HEADER)
        canvas.drawCentredString(pagesize[0] / 2, 24, str(doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
