"""Find tables in a document's lines.

A table is a run of multi-cell lines: an optional caption (a short first line, or the short prose
line just above), a header row and data rows. A table printed in several blocks (a page break in
the original, with its header and caption printed again) is merged back into one.

The finder knows nothing about table kinds; extractors recognise kinds from caption and header.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz import fuzz

from pipeline.finding.mend import document_words, join_broken
from pipeline.normalise import clean_text, is_money
from pipeline.reading.layout import Document, Line, Row, Table

# A caption printed as prose sits at most this many lines above its table.
CAPTION_REACH = 3
# Longest prose line still taken for a caption.
CAPTION_MAX_CHARS = 90
# Between two blocks of one table there is only short debris (blank lines, a repeated caption).
CONTINUATION_GAP_CHARS = 120


def _norm(cell: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", clean_text(cell).lower()).strip()


def header_similarity(a: list[str], b: list[str]) -> float:
    return fuzz.token_set_ratio(" ".join(_norm(c) for c in a), " ".join(_norm(c) for c in b))


def _looks_like_header(line: Line) -> bool:
    filled = line.filled
    if len(filled) < 2:
        return False
    if any(is_money(c) for c in filled):
        return False
    return sum(len(c) for c in filled) / len(filled) < 45 and max(len(c) for c in filled) < 90


def _is_caption_line(line: Line, following: Line | None) -> bool:
    filled = line.filled
    if not filled or len(filled) > 3 or following is None:
        return False
    if is_money(filled[0]) or len(" ".join(filled)) > CAPTION_MAX_CHARS:
        return False
    if line.cells[0].strip() == "" and len(filled) == 1 and len(following.filled) <= 1:
        return False
    if line.cells[0].strip() == "" and len(filled) == 1 and _is_wrapped_prose(filled[0]):
        return False  # the first line of a cell wrapped onto the next row, not a caption
    return len(following.filled) > len(filled) or _looks_like_header(following)


def _is_wrapped_prose(text: str) -> bool:
    """A sentence cut at the end of a printed line (`… West Lothian Council, setting`)."""
    text = clean_text(text)
    return len(text) > CAPTION_MAX_CHARS // 2 and bool(re.search(r"(?:,|\b[a-z]+)$", text))


def _prose_caption(lines: list[Line], start: int) -> tuple[str, int] | None:
    seen = 0
    index = start - 1
    while index >= 0 and seen < CAPTION_REACH:
        line = lines[index]
        index -= 1
        if line.is_blank:
            continue
        seen += 1
        if line.is_tabular:
            return None
        text = clean_text(line.text)
        if not text or len(text) > CAPTION_MAX_CHARS or text.endswith((".", ":", ";", ",")):
            return None
        return text, line.no
    return None


def _blocks(lines: list[Line]) -> list[tuple[int, int]]:
    """(start, end) index ranges of consecutive tabular lines."""
    blocks, start = [], None
    for i, line in enumerate(lines):
        tabular = line.is_tabular and bool(line.filled)
        if tabular and start is None:
            start = i
        elif not tabular and start is not None:
            blocks.append((start, i))
            start = None
    if start is not None:
        blocks.append((start, len(lines)))
    return blocks


def find_tables(doc: Document, words: set[str] | None = None) -> list[Table]:
    words = words if words is not None else document_words(doc)
    lines = doc.lines
    tables: list[Table] = []
    previous_end = 0
    for start, end in _blocks(lines):
        block = lines[start:end]
        caption, caption_line = "", None
        body = block
        if len(block) > 1 and _is_caption_line(block[0], block[1]):
            caption, caption_line = join_broken(block[0].cells, words), block[0].no
            body = block[1:]
        prose = None if caption else _prose_caption(lines, start)
        if prose:
            caption, caption_line = prose
        header: list[str] = []
        rows = body
        if body and _looks_like_header(body[0]):
            header = [clean_text(c) for c in body[0].cells]
            rows = body[1:]
        gap = lines[previous_end:start]
        previous_end = end
        if tables and _continues(tables[-1], caption, header, gap, body):
            last = tables[-1]
            last.rows.extend(Row.from_line(ln) for ln in (rows if header else body))
            last.blocks += 1
            continue
        first = block[0]
        tables.append(
            Table(
                caption=caption,
                header=header,
                rows=[Row.from_line(ln) for ln in rows],
                line=caption_line or first.no,
                page=first.page,
            )
        )
    return tables


def _continues(last: Table, caption: str, header: list[str], gap: list[Line], body: list[Line]) -> bool:
    """Is this block the next page of `last`? Same header, and a same or missing caption."""
    prose = [ln for ln in gap if not ln.is_blank]
    if sum(len(ln.text.strip()) for ln in prose) > CONTINUATION_GAP_CHARS + len(caption):
        return False
    if header and last.header:
        if header_similarity(header, last.header) < 90:
            return False
        if not caption or not last.caption:
            return True
        return fuzz.ratio(_norm(caption), _norm(last.caption)) >= 85
    if not header and not caption and last.header and body:
        width = max(len(ln.cells) for ln in body)
        return abs(width - len(last.header)) <= 1
    return False


def fold_values(top: dict[str, str], values: dict[str, str],
                keep: Callable[[str, str, str], bool] | None = None) -> None:
    """Fold a continuation row's values into the row above, field by field, joined with single
    spaces; `keep(field, above, text)` may refuse a piece (a conversion's echo of the cell above)."""
    for name, text in values.items():
        above = top.get(name) or ""
        if text and (keep is None or keep(name, above, text)):
            top[name] = f"{above} {text}".strip()


def join_rows(rows: list[Row], is_continuation: Callable[[Row], bool]) -> list[Row]:
    """Fold continuation rows into the row above, cell by cell, joined with single spaces."""
    joined: list[Row] = []
    for row in rows:
        if joined and is_continuation(row):
            top = joined[-1]
            width = max(len(top.cells), len(row.cells))
            cells = []
            for i in range(width):
                a = top.cells[i].strip() if i < len(top.cells) else ""
                b = row.cells[i].strip() if i < len(row.cells) else ""
                cells.append(f"{a} {b}".strip())
            joined[-1] = Row(cells=cells, line=top.line, page=top.page,
                             source_text=top.continued_by(row).source_text)
        else:
            joined.append(Row(cells=list(row.cells), line=row.line, page=row.page,
                              source_text=row.source_text))
    return joined
