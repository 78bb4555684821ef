"""PDF plans: pdfplumber's words and tables -> the same numbered `Line`s the text reader produces.

Pass one (`pdf_page`) opens each page once, takes its words (pdfplumber's word extractor over the
characters of pdfminer's layout), its rules and shading and (only where the page has vertical
rules) pdfplumber's ruled tables, then closes it. Pass two, on plain data, drops running headers,
footers and page numbers (found by comparing pages), rebuilds borderless tables (`pdf_regions`,
`pdf_borderless`) and emits, in reading order, one `Line` per table row with its cells and one
single-cell `Line` per paragraph of prose. Tables are separated from what follows them by a blank
line, as in the text conversions, so the table finder sees the same shape.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Collection
from dataclasses import replace

from pipeline.errors import NeedsOCR, UnreadableDocument
from pipeline.reading.layout import Line

from .pdf_borderless import OpenTable, borderless_tables
from .pdf_furniture import drop_running, running_keys
from .pdf_lines import Item, PageLayout, PrintedLine, bold_prefix, group_lines, join_wrapped
from .pdf_page import read_page
from .pdf_prose import body_size, heading_level, paragraph_text, paragraphs
from .pdf_ruled import grid_items
from .pdf_settings import DEFAULT, ReaderSettings
from .pdf_split_rows import key_columns, split_row_rest
from .pdf_tagged import TaggedTable, document_tables, tagged_items

log = logging.getLogger(__name__)

# The end-of-file marker must appear in this many final bytes of a complete PDF.
EOF_REACH = 2048


def check_bytes(data: bytes, source_file: str) -> None:
    """Refuse what is not a whole PDF before pdfminer tries to guess its way through it."""
    if not data.strip():
        raise UnreadableDocument("the file is empty", source_file)
    if b"%PDF-" not in data[:1024]:
        start = data[:24].decode("latin-1").strip().replace("\n", " ")
        raise UnreadableDocument(f"not a PDF despite its name (it starts {start!r})", source_file)
    if b"%%EOF" not in data.rstrip(b"\x00 \t\r\n\f")[-EOF_REACH:]:  # padding after the marker is harmless
        raise UnreadableDocument("the PDF is truncated (no end-of-file marker)", source_file)


def _open(data: bytes, source_file: str, only_pages: Collection[int] | None = None):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return pdfplumber.open(io.BytesIO(data), pages=sorted(only_pages) if only_pages else None)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnreadableDocument(f"the PDF is encrypted and needs a password ({type(exc).__name__})",
                                 source_file) from exc
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        if b"/Encrypt" in data:
            raise UnreadableDocument("the PDF is encrypted and cannot be opened", source_file) from exc
        message = f"the PDF cannot be parsed ({type(exc).__name__}: {exc})"
        raise UnreadableDocument(message, source_file) from exc


def _close(thing) -> None:
    """Close a page or the PDF; a PDF broken enough to fail again here must not hide why it failed."""
    try:
        thing.close()
    except Exception:
        log.debug("closing %r failed", thing, exc_info=True)


def read_pages(data: bytes, source_file: str, settings: ReaderSettings = DEFAULT) -> list[PageLayout]:
    return read_pdf(data, source_file, settings)[0]


def read_pdf(data: bytes, source_file: str, settings: ReaderSettings = DEFAULT,
             only_pages: Collection[int] | None = None) -> tuple[list[PageLayout], list[TaggedTable]]:
    """Every page's layout, and the tables of the PDF's structure tree where it is tagged (and
    `settings.use_tags`). `only_pages` (numbered from 1) reads those pages alone, as a look at a
    few pages of a long report does; running headers are then found among them."""
    check_bytes(data, source_file)
    pdf = _open(data, source_file, only_pages)
    layouts = []
    tables: list[TaggedTable] = []
    try:
        try:
            pages = pdf.pages
        except Exception as exc:
            raise UnreadableDocument(f"the PDF's page tree cannot be read ({exc})", source_file) from exc
        for page in pages:
            number = page.page_number
            try:
                layouts.append(read_page(page, number, settings))
            except Exception as exc:
                raise UnreadableDocument(f"page {number} cannot be read ({type(exc).__name__}: {exc})",
                                         source_file, where=f"page {number}") from exc
            finally:
                _close(page)
        if settings.use_tags and any(w.get("mcid") is not None for p in layouts for w in p.words):
            tables = document_tables(pdf)
    finally:
        _close(pdf)
    if not layouts:
        raise UnreadableDocument("the PDF has no pages", source_file)
    return layouts, tables


def _prose_right(pages: list[PageLayout]) -> float:
    """The right margin's distance from the page edge, from the longest printed lines."""
    gaps = []
    for page in pages:
        ends = [max(w["x1"] for w in ln.words) for ln in group_lines(page.words)]
        if ends:
            gaps.append(page.width - max(ends))
    return sorted(gaps)[len(gaps) // 2] if gaps else 36.0


def layout_items(pages: list[PageLayout], settings: ReaderSettings = DEFAULT,
                 tagged: list[TaggedTable] | None = None) -> list[list[Item]]:
    """Per page, the rows and prose paragraphs in reading order (the tagged tables' rows as the
    structure tree gives them, the rest from the geometry)."""
    keys = running_keys(pages, settings)
    tag_items, tag_words, next_key = tagged_items(pages, tagged or [], 0, settings)
    right_gap = _prose_right(pages)
    carried: OpenTable | None = None
    result: list[list[Item]] = []
    table_rows: dict[int, list[tuple[str, ...]]] = {}  # the cells of each table's rows so far
    captions: dict[int, tuple[str, ...]] = {}  # the prose line printed just above a table
    paras: dict[int, list[PrintedLine]] = {}  # the printed lines of each prose item
    page_words = [drop_running(page, keys, settings) for page in pages]
    foot = max((w["bottom"] for words in page_words for w in words), default=None)
    for page, words in zip(pages, page_words, strict=True):
        items, rest = grid_items(page, [w for w in words if id(w) not in tag_words], next_key, settings, foot)
        next_key += len(page.grids)
        items += tag_items.get(page.number, [])
        if items:
            carried = None
        lines = group_lines(rest, settings)
        found = borderless_tables(lines, page.rules, page.fills, next_key, carried, settings, foot)
        next_key += len(lines) + 1
        carried = found.open_table
        items.extend(found.items)
        prose: list[PrintedLine] = [ln for i, ln in enumerate(lines) if i not in found.used]
        for para in paragraphs(prose, page.width - right_gap, settings):
            text = paragraph_text(para, settings)
            bbox = (min(ln.x0 for ln in para), para[0].top, max(ln.x1 for ln in para), para[-1].bottom)
            item = Item(para[0].top, (text,), bbox, None, size=max(ln.size for ln in para))
            paras[id(item)] = para
            items.append(item)
        items.sort(key=lambda it: (it.top, it.bbox[0]))
        previous = next((p[-1] for p in reversed(result) if p), None)
        items = _join_continued(previous, items, table_rows, captions, settings)
        for n, item in enumerate(items):
            if item.table is not None:
                if item.table not in table_rows and n and items[n - 1].table is None:
                    captions[item.table] = items[n - 1].cells
                table_rows.setdefault(item.table, []).append(item.cells)
        result.append(items)
    body = body_size([it for page_items in result for it in page_items])
    for page_items, words in zip(result, page_words, strict=True):
        bold = [w for w in words if w.get("bold")]  # all that the bold prefix is measured by
        for item in page_items:
            level = heading_level(paras[id(item)], body, settings) if id(item) in paras else 0
            if level and settings.mark_headings:
                item.heading_level = level
                item.cells = ("#" * level + " " + item.cells[0],)
            if bold:
                item.bold_prefix = bold_prefix("\t".join(item.cells), _inside(bold, item.bbox))
    return result


def _inside(words: list[dict], box: tuple[float, float, float, float]) -> list[dict]:
    """The words printed in a box (by their middle, a point's slack)."""
    x0, top, x1, bottom = box
    return [w for w in words if x0 - 1 <= (w["x0"] + w["x1"]) / 2 <= x1 + 1
            and top - 1 <= (w["top"] + w["bottom"]) / 2 <= bottom + 1]


def _same_columns(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 2 for x, y in zip(a, b, strict=True))


def _join_continued(previous: Item | None, items: list[Item], table_rows: dict[int, list[tuple[str, ...]]],
                    captions: dict[int, tuple[str, ...]], settings: ReaderSettings = DEFAULT) -> list[Item]:
    """A table that ran to the foot of the last page and goes on at the top of this one, in the same
    columns, is one table: its rows join the last page's, its repeated caption and header go (a
    caption read as prose above the table on both pages too), and a first row that is the rest of
    the row the page break split (Word's default), by the test borderless tables use
    (`split_row_rest`), joins it."""
    if previous is None or previous.table is None or not items:
        return items
    caption = captions.get(previous.table)
    if len(items) > 1 and items[0].table is None and caption and items[0].cells == caption:
        rest = items[1:]
        joined = _join_continued(previous, rest, table_rows, captions, settings)
        return items if joined is rest else joined  # the caption goes only with a joined table
    if items[0].table is None:
        return items
    if items[0].table == previous.table or not _same_columns(items[0].columns, previous.columns):
        return items
    old, new = previous.table, items[0].table
    repeated = [" ".join(r).split() for r in table_rows.get(old, [])[:2]]
    keys = key_columns(table_rows.get(old, []), settings)
    joined = []
    leading = True
    for item in items:
        if item.table == new:
            if leading and " ".join(item.cells).split() in repeated:
                continue  # the caption or header printed again
            if (leading and len(item.cells) == len(previous.cells) and any(item.cells)
                    and split_row_rest(item.cells, previous.cells, keys, previous.reach)):
                _append_cells(previous, item)
                leading = False
                continue
            leading = False
            item = replace(item, table=old)
        joined.append(item)
    return joined


def _append_cells(item: Item, rest: Item) -> None:
    """`rest`'s cells run on from `item`'s, cell by cell."""
    item.cells = tuple(join_wrapped([a, b]) for a, b in zip(item.cells, rest.cells, strict=True))
    if item.cell_lines and rest.cell_lines and len(item.cell_lines) == len(rest.cell_lines):
        item.cell_lines = tuple(a + b for a, b in zip(item.cell_lines, rest.cell_lines, strict=True))


def read_lines(data: bytes, source_file: str, settings: ReaderSettings | dict | None = None,
               only_pages: Collection[int] | None = None) -> tuple[list[Line], int]:
    """The document's lines (global numbering, page of each) and the number of pages read."""
    settings = ReaderSettings.resolve(settings)
    pages, tagged = read_pdf(data, source_file, settings, only_pages)
    blank = [p.number for p in pages if not p.words]
    if len(blank) == len(pages):
        if any(p.images for p in pages):
            raise NeedsOCR(f"no page has a text layer (all {len(pages)} are images); the PDF needs OCR",
                           source_file)
        raise UnreadableDocument("the PDF has no text on any page", source_file)
    scanned = [p.number for p in pages if not p.words and p.images]
    if scanned:
        log.warning("%s: pages %s have no text layer and are skipped (they need OCR)", source_file, scanned)
    lines: list[Line] = []
    previous: int | None = None
    for page, items in zip(pages, layout_items(pages, settings, tagged), strict=True):
        number = page.number
        for item in items:
            if item.table != previous and lines and not lines[-1].is_blank:
                if previous is not None or item.table is not None:
                    lines.append(Line(no=len(lines) + 1, text="", cells=("",), page=number))
            text = "\t".join(item.cells)
            lines.append(Line(no=len(lines) + 1, text=text, cells=item.cells, page=number,
                              bbox=tuple(round(v, 1) for v in item.bbox),
                              cell_lines=item.cell_lines or None, bold_prefix=item.bold_prefix))
            previous = item.table
    return lines, len(pages)
