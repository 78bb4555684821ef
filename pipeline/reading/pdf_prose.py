"""Prose: printed lines outside tables joined into paragraphs, list items and headings.

Decides which lines are one paragraph (each wrapped line starts at the paragraph's own left edge:
its first line's, or, under a hanging number or bullet, where the text after it starts), which
lines start a list item (a bullet or number set apart from its text, emitted as `• text`), and
which paragraphs are headings: short lines set larger than the document's body text. (A bold line
of body size is left as text: councils print table captions and box titles so, which the table
finder and extractors read as captions.) Headings are emitted with markdown marks (`## 3. Actions`), which is how
`pipeline.outline` recognises a heading in text.
"""

from __future__ import annotations

from collections import Counter

from .pdf_lines import Item, PrintedLine
from .pdf_settings import DEFAULT, ReaderSettings


def body_size(items: list[Item]) -> float:
    """The size most of the document's prose is printed in (tables are often set smaller)."""
    sizes: Counter[float] = Counter()
    for item in items:
        if item.table is None and item.size:
            sizes[round(item.size, 1)] += len(item.cells[0])
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _text_edge(line: PrintedLine, settings: ReaderSettings) -> float:
    """Where a list item's text starts after its marker; the line's start otherwise."""
    if line.is_list_item(settings):
        return line.words[1]["x0"]
    return line.x0


def paragraphs(lines: list[PrintedLine], right: float,
               settings: ReaderSettings = DEFAULT) -> list[list[PrintedLine]]:
    """Join the printed lines of a wrapped paragraph, as a text conversion keeps them on one line."""
    out: list[list[PrintedLine]] = []
    for line in lines:
        if out and not line.is_list_item(settings):
            prev, first = out[-1][-1], out[-1][0]
            first_word = line.words[0]["x1"] - line.words[0]["x0"]
            wrapped = prev.x1 + first_word + 2 * line.size >= right
            edges = {first.x0, _text_edge(first, settings)}
            aligned = any(abs(line.x0 - e) <= max(2.0, 0.3 * line.size) for e in edges) or (
                abs(line.x0 - first.x0) <= 2 * line.size and len(out[-1]) == 1)
            if (wrapped and 0 < line.top - prev.top <= settings.wrap_pitch * line.size and aligned
                    and abs(prev.size - line.size) < 0.5 and prev.bold == line.bold):
                out[-1].append(line)
                continue
        out.append([line])
    return out


def paragraph_text(para: list[PrintedLine], settings: ReaderSettings = DEFAULT) -> str:
    return " ".join(ln.text for ln in para)


def heading_level(para: list[PrintedLine], body: float, settings: ReaderSettings = DEFAULT) -> int:
    """1-3 for a heading (larger is higher), 0 for body text."""
    text = paragraph_text(para, settings)
    if (len(para) > 2 or len(text) > settings.heading_max_chars or text.startswith("#")
            or text.rstrip().endswith((".", ",", ";", ":")) or para[0].is_list_item(settings)
            or not any(ch.isalpha() for ch in text)):
        return 0
    line_size = max(ln.size for ln in para)
    if body and line_size >= settings.heading_size_ratio * body:
        ratio = line_size / body
        return 1 if ratio >= 1.8 else 2 if ratio >= 1.4 else 3
    return 0
