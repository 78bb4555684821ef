"""Rows the page break split: whether the first row of a table on a page is the rest of the last
row of the page before, for borderless and ruled tables alike.

The evidence a reader has: the columns filled in nearly every row (key columns), which a row's
rest leaves empty; the cells the row above was still printing at the foot of the page, the only
ones its rest can fill; and the words, which run on lower-case from a cell that had not ended its
sentence where a new row starts its label with a capital or a number.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from .pdf_settings import ReaderSettings

SENTENCE_ENDS = (".", "!", "?", ";", ":")  # a cell ending so has ended its text


def split_row_rest(cells: tuple[str, ...], last: tuple[str, ...], keys: set[int],
                   reach: tuple[AbstractSet[int], AbstractSet[int]]) -> bool:
    """`runs_on` for a table whose last row on the page printed `last`, its key columns `keys`
    and the columns its last row printed on its last line and lines at the page foot `reach`."""
    filled = {i for i, c in enumerate(cells) if c}
    last_line, last_lines = reach
    if filled and filled <= last_lines and words_run_on(last, cells):
        return True
    if keys and not cells[min(keys)]:
        return True
    if cells[0] or not filled:
        return False
    printed = {i for i, c in enumerate(last) if c}
    if not keys:
        return filled <= last_line and last_line < printed
    return filled <= last_lines and last_lines < printed and any(not cells[k] for k in keys)


def words_run_on(above: tuple[str, ...], cells: tuple[str, ...]) -> bool:
    """A row's words carry on the sentences of the row above: its first cell and every cell of it
    that starts with a letter start with a lower-case one ("and Improvement"), under a cell that
    had not ended a sentence. A new row starts its label with a capital or a number."""
    first = next((i for i, c in enumerate(cells) if c), None)
    if first is None or not cells[first][0].isalpha():
        return False
    worded = [i for i, c in enumerate(cells) if c and c[0].isalpha()]
    return all(cells[i][0].islower() and above[i] and not above[i].rstrip().endswith(SENTENCE_ENDS)
               for i in worded)


def key_columns(rows: list[tuple[str, ...]], settings: ReaderSettings, first: int = 0) -> set[int]:
    """Columns filled in nearly every row from `first` that fills two or more: a row without them
    continues one. (A title spanning the columns fills other columns than the body does.)"""
    body = [r for r in rows[first:] if sum(1 for c in r if c) >= 2]
    if len(body) < 3:
        return set()
    return {c for c in range(len(body[0])) if sum(1 for r in body if r[c]) >= settings.split_row_share * len(body)}
