"""Borderless table regions: which printed lines form one table and where its columns are.

A region is a run of lines sharing one horizontal extent (widened by a rule or shaded band across
it), at least two of them printed as runs with column-wide gaps that share a gutter, or one bounded
by rules or shading. Its columns are the gutters shared by all its multi-cell lines. Its title and
header lines above are taken in, prose running across its columns ends it, and tables stacked one
after another with columns of their own are set apart.
"""

from __future__ import annotations

from .pdf_lines import Fill, PrintedLine, Rule, Word, median
from .pdf_settings import DEFAULT, ReaderSettings


def separators(rules: list[Rule], fills: list[Fill]) -> list[Rule]:
    """Row boundaries drawn on the page: rules, and the top and bottom edges of shaded bands."""
    return sorted([*rules, *((x0, x1, top) for x0, x1, top, _b in fills),
                   *((x0, x1, bottom) for x0, x1, _t, bottom in fills)], key=lambda r: r[2])


def _gutters(words: list[Word], size: float, settings: ReaderSettings) -> list[tuple[float, float]]:
    """The whitespace bands no word crosses, between the first word and the last."""
    spans: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: w["x0"]):
        if spans and w["x0"] - spans[-1][1] < max(settings.gutter_min, 0.4 * size):
            spans[-1] = (spans[-1][0], max(spans[-1][1], w["x1"]))
        else:
            spans.append((w["x0"], w["x1"]))
    return [(a[1], b[0]) for a, b in zip(spans, spans[1:], strict=False)]


def _run_texts(line: PrintedLine, settings: ReaderSettings) -> list[str]:
    """The texts of a line's runs of words set with ordinary spacing."""
    return [" ".join(w["text"] for w in line.words if a <= w["x0"] and w["x1"] <= z)
            for a, z in line.segments(settings.column_gap)]


def crosses(line: PrintedLine, bounds: list[float]) -> bool:
    return any(w["x0"] < b < w["x1"] for w in line.words for b in bounds) or any(
        a < b < z for a, z in line.segments(DEFAULT.word_space) for b in bounds)


def sentence(text: str, settings: ReaderSettings) -> bool:
    return len(text) > settings.caption_max_chars or text.rstrip().endswith((".", ":", ";"))


def separated(a: PrintedLine, b: PrintedLine, seps: list[Rule], x0: float, x1: float) -> bool:
    return any(a.bottom - 1 <= y <= b.top + 1 and sx0 < x1 and sx1 > x0 for sx0, sx1, y in seps)


class Region:
    """Lines [first, end) of the page taken for one table, with its extent and columns so far."""

    def __init__(self, lines: list[PrintedLine], tabular: list[bool], first: int, settings: ReaderSettings,
                 seps: list[Rule]):
        self.lines, self.tabular, self.settings, self.seps = lines, tabular, settings, seps
        self.first, self.end = first, first + 1
        line = lines[first]
        self.x0, self.x1, self.size = line.x0, line.x1, line.size
        self.gaps: list[float] = []
        self._widen()

    def _widen(self) -> None:
        """A rule or band across the lines taken so far shows the table's full extent."""
        top, bottom = self.lines[self.first].top, self.lines[self.end - 1].bottom
        for x0, x1, y in self.seps:
            if top - 2 * self.size <= y <= bottom + 2 * self.size and x0 < self.x1 and x1 > self.x0:
                self.x0, self.x1 = min(self.x0, x0), max(self.x1, x1)

    def gutters(self, first: int, end: int) -> list[tuple[float, float]]:
        words = [w for i in range(first, end) if self.tabular[i] for w in self.lines[i].words]
        return _gutters(words, self.size, self.settings)

    def span(self) -> tuple[float, float]:
        """From the first word of the region's multi-cell lines to the last."""
        words = [w for i in range(self.first, self.end) if self.tabular[i] for w in self.lines[i].words]
        if not words:
            return self.x0, self.x1
        return min(w["x0"] for w in words), max(w["x1"] for w in words)

    def bounds(self) -> list[float]:
        return [(a + b) / 2 for a, b in self.gutters(self.first, self.end)]

    def split(self) -> None:
        """Tables stacked one after another share an extent, not their columns. Where the gutters
        of the lines above a row and of the lines from it are not all gutters of the two together
        (one lost may be chance, two are not, nor one where more space than between rows sets the
        two apart), the region ends at that row, the widest such gap first; the rest is read apart."""
        while True:
            whole = self.gutters(self.first, self.end)
            best: tuple[float, int] | None = None
            starts = [j for j in range(self.first + 1, self.end)  # rows, not a cell's wrapped lines
                      if self.lines[j].top - self.lines[j - 1].top > self.settings.wrap_pitch * self.size]
            pitch = median([self.lines[j].top - self.lines[j - 1].top for j in starts])
            for j in starts:
                if sum(self.tabular[self.first:j]) < 2 or sum(self.tabular[j:self.end]) < 2:
                    continue
                parts = self.gutters(self.first, j), self.gutters(j, self.end)
                if not all(parts):
                    continue
                lost = sum(1 for part in parts for a, b in part if not any(a <= c and d <= b for c, d in whole))
                if len(parts[0]) != len(parts[1]) and self._unaligned(j, parts):
                    lost += 2
                gap = self.lines[j].top - self.lines[j - 1].top
                if lost >= (1 if gap > self.settings.table_gap * pitch else 2) and (best is None or gap > best[0]):
                    best = (gap, j)
            if best is None:
                return
            self.end = best[1]

    def _runs(self, first: int, end: int) -> list[tuple[float, float]]:
        """The runs of words after the first of the multi-cell lines [first, end): where cells
        other than the first start and end."""
        return [run for i in range(first, end) if self.tabular[i]
                for run in self.lines[i].segments(self.settings.column_gap)[1:]]

    def _unaligned(self, j: int, parts: tuple[list[tuple[float, float]], list[tuple[float, float]]]) -> bool:
        """Do the lines above `j` and those from it set their cells in columns of their own? The
        cells of one column start (or, set right, end) where the column does in every row; where
        no cell of the part with fewer columns starts or ends where a cell of the other does, the
        two are tables stacked one on the other, though every gutter of one holds one of the
        other's (three wide columns above a header of six)."""
        upper, lower = parts
        fewer, other = ((self.first, j), (j, self.end)) if len(upper) < len(lower) else ((j, self.end), (self.first, j))
        runs, others = self._runs(*fewer), self._runs(*other)
        slack = self.settings.column_edge_slack
        return len(runs) >= 2 and not any(abs(a - c) <= slack or abs(b - d) <= slack
                                          for a, b in runs for c, d in others)

    def shed_prose(self) -> None:
        """A sentence set with wide gaps (where an image or a tab sat) above a table is not its
        first row: where the region's first line runs words of ordinary spacing across the
        gutters every line below it shares, it is left to the prose."""
        s = self.settings
        while (self.end - self.first > 2 and self.tabular[self.first]
               and sum(self.tabular[self.first + 1:self.end]) >= 2):
            line = self.lines[self.first]
            below = [(a + b) / 2 for a, b in self.gutters(self.first + 1, self.end)]
            runs = _run_texts(line, s)
            if len(runs) != 2 or max(len(t.split()) for t in runs) < s.prose_run_words:
                return  # a row of cells, or no sentence
            if not below or not crosses(line, below):
                return
            self.first += 1

    def fits(self, line: PrintedLine) -> bool:
        s = self.settings
        return (line.x0 >= self.x0 - s.extent_slack and abs(line.size - self.size) <= max(0.5, 0.1 * self.size))

    def limit(self) -> float:
        s = self.settings
        widest = max(self.gaps) + max(3.0, s.row_gap_slack * self.size) if self.gaps else 0.0
        return max(s.caption_reach * self.size, widest)

    def grow_down(self, stop: int, used: set[int]) -> None:
        s = self.settings
        while self.end < stop and self.end not in used:
            line, prev = self.lines[self.end], self.lines[self.end - 1]
            gap = line.top - prev.top
            if gap > self.limit() or not self.fits(line):
                break
            if self.tabular[self.end]:
                self.x1 = max(self.x1, line.x1)
            elif line.x1 > self.x1 + s.extent_slack:
                break
            elif crosses(line, self.bounds()) and sentence(line.text, s):
                break  # prose running across the columns
            self.gaps.append(gap)
            self.end += 1
            self._widen()

    def grow_up(self, used: set[int]) -> None:
        """Title and header lines printed above the first multi-cell line (a title set in the
        first column wraps over several lines there)."""
        s = self.settings
        taken = 0
        while self.first > 0 and self.first - 1 not in used and taken < s.title_max_lines:
            line, below = self.lines[self.first - 1], self.lines[self.first]
            reach = s.caption_reach if not taken else s.wrap_pitch
            if below.top - line.top > reach * self.size or not self.fits(line):
                break
            if line.x1 > self.x1 + s.extent_slack or sentence(line.text, s):
                break
            if not self.tabular[self.first - 1]:
                taken += 1
            self.first -= 1
            self._widen()

    def trim(self, at_foot: bool) -> None:
        """Lines after the last multi-cell line that start at the table's left edge are a heading
        or prose below the table, unless a rule or band closes them in, the page ends there, or
        they are set as wrapped lines of the row above (a heading or prose has space above it)."""
        last_t = max(i for i in range(self.first, self.end) if self.tabular[i])
        if at_foot and self.end == len(self.lines):
            return
        while self.end - 1 > last_t:
            line, above = self.lines[self.end - 1], self.lines[self.end - 2]
            closed = any(line.bottom - 1 <= y <= line.bottom + self.size and x0 < self.x1 and x1 > self.x0
                         for x0, x1, y in self.seps)
            wrapped = line.top - above.top <= self.settings.wrap_pitch * line.size
            if closed or wrapped or line.x0 > self.x0 + line.size:
                break
            self.end -= 1

    def confirmed(self) -> bool:
        """Two multi-cell lines sharing a gutter, or one bounded by drawn rules or shading; a
        justified paragraph's wide spaces fall at a different place on every line."""
        idx = [i for i in range(self.first, self.end) if self.tabular[i]]
        lines = self.lines[self.first:self.end]
        drawn = any(separated(a, b, self.seps, self.x0, self.x1) for a, b in zip(lines, lines[1:], strict=False))
        if drawn and idx:
            return True
        seen: list[float] = []
        for i in idx:
            starts = [a for a, _b in self.lines[i].segments(self.settings.column_gap)[1:]]
            if any(abs(a - b) <= 2 for a in starts for b in seen):
                return True
            seen.extend(starts)
        return False
