"""The intermediate form every reader produces: numbered lines of cells, then tables.

A text file and a PDF both become a `Document`: a list of `Line`s, each with its page in a PDF; the table finder
turns runs of multi-cell lines into `Table`s. Extractors only ever see these objects, so they
run unchanged whatever the input format was.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One printed line. `cells` holds its tab- or gap-separated pieces (one cell for prose)."""

    no: int
    text: str
    cells: tuple[str, ...]
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    # The printed lines inside each cell, where the reader saw the cell's borders (a ruled PDF
    # table): a band holding a heading over a subtitle keeps them apart here.
    cell_lines: tuple[tuple[str, ...], ...] | None = None
    # How many characters at the start of `text` are printed bold: 0 none, len(text) all of it.
    # Known only where the reader sees fonts (a PDF); None from plain text. A box's title is often
    # told from its body only so.
    bold_prefix: int | None = None

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def is_tabular(self) -> bool:
        return len(self.cells) > 1

    @property
    def filled(self) -> list[str]:
        return [c for c in self.cells if c.strip()]


@dataclass
class Row:
    """A table row: its cells, and where it was printed."""

    cells: list[str]
    line: int
    page: int | None = None
    source_text: str = ""

    @classmethod
    def from_line(cls, line: Line) -> Row:
        return cls(cells=list(line.cells), line=line.no, page=line.page, source_text=line.text)

    def cell(self, index: int) -> str:
        return self.cells[index].strip() if index < len(self.cells) else ""

    def continued_by(self, row: Row) -> Row:
        """This row with a continuation row's print added to its provenance (cells unchanged)."""
        return Row(cells=list(self.cells), line=self.line, page=self.page,
                   source_text=f"{self.source_text}\n{row.source_text}")

    @property
    def filled(self) -> list[str]:
        return [c.strip() for c in self.cells if c.strip()]


@dataclass
class Table:
    """A caption, a header row and data rows, possibly merged from several printed blocks."""

    caption: str
    header: list[str]
    rows: list[Row]
    line: int
    page: int | None = None
    blocks: int = 1
    kind: str | None = None

    @property
    def header_text(self) -> str:
        return " ".join(c.strip() for c in self.header if c.strip())


@dataclass
class Document:
    """Everything read from one input file, before any table is interpreted."""

    source_file: str
    doc_id: str
    format: str
    lines: list[Line]
    pages: int | None = None
    encoding: str | None = None  # of a text file: utf-8, utf-16, cp1252, latin-1

    @property
    def paged(self) -> bool:
        """Is a row cited by its page (a PDF) rather than its line (a text file)?"""
        return self.pages is not None

    def text_lines(self) -> list[Line]:
        return [ln for ln in self.lines if not ln.is_blank]
