"""The document's outline: numbered, `Part N` and markdown headings, and the lines under each.

Some plans print a table kind as prose or a list under a heading (`6. Risk assessment`,
`3. Risks`) or as a table broken into many pieces by the conversion (`Part 5 – … Projects`).
Section extractors find their section by the words of its heading, then read its lines.

A table the conversion broke up reaches us as several blocks: a damaged header, a markdown rule
(`--|---`), the header printed again after each page break, sub-heading rows, cells wrapped onto
lines of their own. Within one section these are all one table (`section_table`): its header is
the row that names the most of the kind's columns, every other header-like row is a repeat, and
every other tab-separated line is a row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from pipeline.normalise import clean_text
from pipeline.reading.layout import Document, Line, Row, Table

HEADING_MAX_CHARS = 90
# A repeated header names at least this share of the columns the best header names.
REPEAT_SHARE = 0.5
_RULE = re.compile(r"^\s*:?-{2,}:?\s*$")
_MARKDOWN = re.compile(r"^\s*#{1,6}\s+")
_NUMBERED = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?P<title>[A-Z(].*)$")
_PART = re.compile(r"^part\s+(?P<number>\d{1,2})\b\s*[-–:]?\s*(?P<title>.*)$", re.I)


@dataclass
class Section:
    """A heading and the lines printed under it, up to the next heading."""

    title: str
    number: str | None
    line: int  # the heading's line number
    lines: list[Line] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.lines[-1].no if self.lines else self.line

    def text_lines(self) -> list[Line]:
        return [ln for ln in self.lines if not ln.is_blank]


def heading_of(line: Line) -> tuple[str, str | None] | None:
    """(title, number) when the line is a heading, else None.

    A heading is a short prose line (never a table row or a bullet) that is numbered (`3.2.`),
    starts a `Part`, or carries markdown heading marks. A sentence (ending in a full stop) or a
    parenthesised note is not a heading.
    """
    if line.is_blank or "\t" in line.text:
        return None
    raw = line.text.strip()
    if raw.startswith(("-", "•", "*", "◆")) and not raw.startswith("**"):
        return None
    markdown = bool(_MARKDOWN.match(raw))
    text = clean_text(raw)
    if not text or len(text) > HEADING_MAX_CHARS or text.endswith((".", ",", ";")):
        return None
    if text.startswith("(") and text.endswith(")"):
        return None
    part = _PART.match(text)
    if part:
        return text, part["number"]
    numbered = _NUMBERED.match(text)
    if numbered:
        return numbered["title"].strip(), numbered["number"]
    if markdown and text[0].isupper():
        return text, None
    return None


def _is_contents_entry(heading: tuple[str, str | None], later: list[tuple[str, str | None]]) -> bool:
    """A contents list prints the headings again near the top: `Part 5 – Managing Planned
    Changes/Projects` before `Part 5 – Managing Planned Changes, Major Workstreams and Projects`."""
    title, number = heading
    return number is not None and any(
        other == number and fuzz.partial_ratio(title.lower(), other_title.lower()) >= 70
        for other_title, other in later
    )


def find_sections(doc: Document) -> list[Section]:
    """Every heading of the document with the lines under it (to the next heading)."""
    headings = [heading_of(line) for line in doc.lines]
    found = [h for h in headings if h]
    sections: list[Section] = []
    seen = 0
    for line, heading in zip(doc.lines, headings, strict=True):
        if heading:
            seen += 1
            if not _is_contents_entry(heading, found[seen:]):
                sections.append(Section(title=heading[0], number=heading[1], line=line.no))
                continue
        if sections:
            sections[-1].lines.append(line)
    return sections


def is_rule(cells: list[str] | tuple[str, ...]) -> bool:
    """A markdown table rule: every filled cell is dashes."""
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(_RULE.match(c) for c in filled)


def section_table(section: Section, header_score: Callable[[list[str]], int], minimum: int = 2) -> Table | None:
    """The section's tab-separated lines as one table, or None when no row scores `minimum`.

    `header_score` counts the columns of the wanted kind that a row names.
    """
    tabular = [ln for ln in section.lines if ln.is_tabular and ln.filled and not is_rule(ln.cells)]
    scores = [header_score(list(ln.cells)) for ln in tabular]
    if not scores or max(scores) < minimum:
        return None
    best = max(scores)
    first = scores.index(best)
    # a damaged copy of the header may come first: rows start after the first header-like row
    headers = [i for i, s in enumerate(scores) if s >= max(minimum, REPEAT_SHARE * best)]
    start = headers[0]
    rows = [
        Row(cells=list(ln.cells), line=ln.no, page=ln.page, source_text=ln.text)
        for i, ln in enumerate(tabular) if i > start and i not in headers
    ]
    return Table(
        caption=section.title,
        header=[c.strip() for c in tabular[first].cells],
        rows=rows,
        line=tabular[start].no,
        page=tabular[start].page,
        blocks=len(headers),
    )
