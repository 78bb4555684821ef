"""Words into printed lines, and the plain data a page leaves behind once pdfplumber has closed it.

Decides which words share a baseline (a printed line), where a line breaks into runs separated by
more than word spacing (candidate cells), and how a wrapped cell's lines join into one text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .pdf_settings import DEFAULT, ReaderSettings

Word = dict  # a word as pdfplumber builds it: text, x0, x1, top, bottom, size, bold
Rule = tuple[float, float, float]  # a horizontal rule: x0, x1, y
Fill = tuple[float, float, float, float]  # a filled box: x0, x1, top, bottom
Box = tuple[float, float, float, float]  # x0, top, x1, bottom

_MARKER = re.compile(r"^(?:[•◆●○■□▪◦‣∙·\-–*✓✔]|\(?[0-9]{1,2}(?:\.[0-9]{1,2})*[.)]?|\(?[a-z][.)])$")


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


@dataclass
class PrintedLine:
    """Words sharing a baseline, left to right."""

    words: list[Word]

    @property
    def top(self) -> float:
        """The top of most of its words: a glyph from a symbol font sits a little higher or lower."""
        return median([w["top"] for w in self.words])

    @property
    def bottom(self) -> float:
        return median([w["bottom"] for w in self.words])

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @property
    def size(self) -> float:
        return median([w.get("size") or (w["bottom"] - w["top"]) for w in self.words])

    @property
    def bold(self) -> bool:
        return all(w.get("bold") for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    def segments(self, gap_share: float = DEFAULT.column_gap) -> list[tuple[float, float]]:
        """x-extents of the runs of words set with ordinary word spacing."""
        gap = gap_share * self.size
        runs: list[tuple[float, float]] = []
        for w in self.words:
            if runs and w["x0"] - runs[-1][1] <= gap:
                runs[-1] = (runs[-1][0], max(runs[-1][1], w["x1"]))
            else:
                runs.append((w["x0"], w["x1"]))
        return runs

    def is_list_item(self, settings: ReaderSettings = DEFAULT) -> bool:
        """A bullet or a number set apart from the text it starts (`•  Improve …`, `6.1.  The …`)."""
        runs = self.segments(settings.column_gap)
        return len(runs) == 2 and bool(_MARKER.match(self.words[0]["text"])) and runs[0][1] == self.words[0]["x1"]


@dataclass
class Item:
    """One thing to emit, in reading order: a prose line or a table row."""

    top: float
    cells: tuple[str, ...]
    bbox: Box
    table: int | None = None  # tables are numbered per document; None for prose
    columns: tuple[float, ...] = ()  # where the table's columns begin, to recognise it on the next page
    cell_lines: tuple[tuple[str, ...], ...] = ()  # each cell's printed lines, where cells are ruled
    heading_level: int = 0  # for prose: 1-3 when set as a heading (see pdf_prose)
    size: float = 0.0  # for prose: the font size it is printed in
    bold_prefix: int = 0  # characters at the start of its text printed bold
    # for a table row at the foot of a page: the columns printing on its last line, and on its last
    # lines (where the page break would have cut it); none for a row ending higher up
    reach: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())


@dataclass
class PageLayout:
    """What pass two needs of a page, kept after pdfplumber's page object is closed."""

    number: int
    width: float
    height: float
    words: list[Word]
    rules: list[Rule]
    grids: list[list[list[Box | None]]] = field(default_factory=list)
    images: int = 0
    fills: list[Fill] = field(default_factory=list)


def group_lines(words: list[Word], settings: ReaderSettings = DEFAULT) -> list[PrintedLine]:
    """Words -> printed lines, top to bottom."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(w["top"] - lines[-1][0]["top"]) <= settings.line_tolerance:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [PrintedLine(sorted(ws, key=lambda w: w["x0"])) for ws in lines]


def cell_text(words: list[Word]) -> str:
    """A cell's words in reading order; the pieces of a wrapped cell joined by single spaces."""
    return join_wrapped([line.text for line in group_lines(words)])


def join_wrapped(pieces: list[str]) -> str:
    """The lines of a wrapped cell as one text: by a space, but with none after a hyphen that ends
    a line inside a word or range (`2023-` + `24` is `2023-24`, `under-` + `investment`)."""
    text = ""
    for piece in pieces:
        if not piece:
            continue
        if not text:
            text = piece
        elif len(text) > 1 and text[-1] == "-" and text[-2].isalnum() and piece[:1].isalnum():
            text += piece
        else:
            text += " " + piece
    return text


def bbox_of(lines: list[PrintedLine]) -> Box:
    return (min(ln.x0 for ln in lines), min(ln.top for ln in lines),
            max(ln.x1 for ln in lines), max(ln.bottom for ln in lines))


def bold_prefix(text: str, words: list[Word]) -> int:
    """How many characters at the start of `text` (an item's cells as emitted) are printed bold,
    given the words it was made of: its leading tokens are matched to the bold words, a token
    joined from several (`2023-` and `24`) included; a heading's `#` marks count with what follows."""
    bold = Counter(w["text"] for w in words if w.get("bold"))
    end = 0
    for match in re.finditer(r"\S+", text):
        token = match.group()
        if not end and set(token) == {"#"}:
            continue
        while token:
            piece = next((w for w in bold if bold[w] > 0 and token.startswith(w)), None)
            if piece is None:
                break
            bold[piece] -= 1
            token = token[len(piece):]
        if token:
            break
        end = match.end()
    return len(text) if end and not text[end:].strip() else end
