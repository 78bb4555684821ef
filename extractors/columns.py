"""Placing a row's cells under the columns of its header when the printing lost their positions.

Text conversions drop empty cells and so shift the rest left; the header still says which
columns there are and what each holds. A row's filled cells keep their order, so placing them is
an alignment: each cell goes to a later column than the one before it, and a column may stay
empty. Of the alignments that the cells' content allows (money only under a money column), the one
that costs least wins: a cell that stands where it was printed, or whose content confirms its
column (an indicator's code or target, a known PI category, a word of the column's header), costs
less; one under a column that the table's other rows leave empty costs more.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.linking.mentions import CODE_START
from pipeline.normalise import clean_text, is_pi_category_cell, parse_money

_MONEY_NOISE = re.compile(r"^[^\d(£\-−.]+")
_TARGET = re.compile(r"\btarget\b", re.I)
_AMOUNT = re.compile(r"£|\d,\d{3}")
_NUMERIC_TYPES = {"money", "count", "percentage"}

# What each placement costs; only their order matters.
AT_PRINTED_POSITION = -0.25  # the cell stands at its printed position under a header that kept blanks
CONFIRMED = -1.0  # the content says this column (an indicator's code or target, a PI category)
NUMBER_UNDER_TEXT = 3.0  # a figure under a text column: possible (`2021 Census`), unlikely
AMOUNT_AS_COUNT = 1.0  # `290,381` or `£5` under a count (staff FTE): an amount of money, most likely
UNKNOWN_CATEGORY = 0.5  # a word under the category column that its vocabulary lacks
HEADER_WORDS = -0.3  # the cell uses a word of the column's header (`performance` under `Performance Indicator`)
UNNAMED_COLUMN = 0.5  # a column that no field takes: kept in `extra`
# a column that no other row of the table fills: the table may not print it at all
EMPTY_ELSEWHERE = 0.5
# Among otherwise equal placements, text leans left and figures lean right, as conversions
# drop the blanks between a row's name and its last figures.
LEAN = 0.001


@dataclass(frozen=True)
class Slot:
    """One column of a header: the field it holds (None: no field, kept in `extra`) and its type."""

    field: str | None
    type: str = "text"
    header: str = ""  # the header cell as printed

    @property
    def words(self) -> frozenset[str]:
        return _stems(self.header)


def _stems(text: str) -> frozenset[str]:
    """Content words cut to six letters, so that `indicators` meets `Indicator`."""
    return frozenset(w[:6] for w in re.findall(r"[a-z]{4,}", text.casefold()))


def number(cell: str) -> float | None:
    return parse_money(_MONEY_NOISE.sub("", cell.strip()))


def _cost(cell: str, slot: Slot, position: int, index: int, elsewhere: int | None) -> float:
    figure = number(cell) is not None
    if slot.type in _NUMERIC_TYPES:
        if not figure:
            return math.inf
        cost = -LEAN * index
        if slot.type == "count" and _AMOUNT.search(cell):
            cost += AMOUNT_AS_COUNT
    elif slot.type == "category":  # a known vocabulary, though a council may print its own words
        cost = CONFIRMED if is_pi_category_cell(cell) else (NUMBER_UNDER_TEXT if figure else UNKNOWN_CATEGORY)
    else:
        cost = NUMBER_UNDER_TEXT if figure else LEAN * index
        if slot.type == "indicator" and (_TARGET.search(cell) or CODE_START.match(clean_text(cell))):
            cost += CONFIRMED
        elif slot.words & _stems(cell):
            cost += HEADER_WORDS
        if slot.field is None:
            cost += UNNAMED_COLUMN
    if position == index:
        cost += AT_PRINTED_POSITION
    if elsewhere == 0 and cost > CONFIRMED / 2:
        cost += EMPTY_ELSEWHERE
    return cost


def align(cells: Sequence[tuple[int, str]], slots: Sequence[Slot],
          elsewhere: Sequence[int] | None = None, printed_blanks: bool = True) -> list[int] | None:
    """The slot index of each (position, text) cell, in order; None where no placement fits.

    `elsewhere` counts, for each slot, the cells that the table's other rows placed there.
    Positions count only where the row kept some blank cells (`printed_blanks`): a row that
    kept none and has fewer cells than columns has lost its blanks, and its positions with them.
    """
    m, n = len(cells), len(slots)
    if m > n:
        return None
    # best[j][k]: least cost of placing the first j cells in the first k slots
    best = [[math.inf] * (n + 1) for _ in range(m + 1)]
    took = [[False] * (n + 1) for _ in range(m + 1)]
    best[0] = [0.0] * (n + 1)
    for j in range(1, m + 1):
        position, text = cells[j - 1]
        for k in range(j, n + 1):
            skip = best[j][k - 1]
            seen = elsewhere[k - 1] if elsewhere is not None else None
            place = best[j - 1][k - 1] + _cost(text, slots[k - 1], position if printed_blanks else -1, k - 1, seen)
            if place < skip:
                best[j][k], took[j][k] = place, True
            else:
                best[j][k] = skip
    if math.isinf(best[m][n]):
        return None
    placed: list[int] = []
    j, k = m, n
    while j > 0:
        if took[j][k]:
            placed.append(k - 1)
            j -= 1
        k -= 1
    return placed[::-1]
