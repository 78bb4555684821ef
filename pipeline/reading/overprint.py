"""Text that a PDF carries but nobody can read: a run of words printed on top of other words.

Producers leave copies of text in the text layer that the page does not show: a merged cell's
heading repeated on every page and clipped away, a label hidden under a filled box. Two runs of
glyphs cannot both be legible in the same place, so where one printed run lies mostly on top of
other words, it is the hidden one; it is dropped before lines and tables are built. A run overprinted
by an exact copy of itself (a producer's fake bold) loses one copy, which is the same as keeping it.
"""

from __future__ import annotations

from collections import defaultdict

#: Share of the smaller word's area two words must share to count as printed on top of each other.
OVERLAP_SHARE = 0.3
#: Share of a run's words lying on other words for the run to be taken as hidden.
HIDDEN_SHARE = 0.5


def _overlap(a: dict, b: dict) -> bool:
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    if width <= 0 or height <= 0:
        return False
    smaller = min((a["x1"] - a["x0"]) * (a["bottom"] - a["top"]), (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]))
    return smaller > 0 and width * height >= OVERLAP_SHARE * smaller


def _runs(words: list[dict]) -> dict[tuple[float, float], list[int]]:
    """Word indexes by printed run: one baseline and one font size."""
    runs: dict[tuple[float, float], list[int]] = defaultdict(list)
    for i, w in enumerate(words):
        runs[(round(w["bottom"]), round(w["size"], 1))].append(i)
    return runs


def drop_overprinted(words: list[dict]) -> list[dict]:
    """The words without the runs that lie mostly on top of other words, most covered first."""
    runs = _runs(words)
    run_of = {i: key for key, members in runs.items() for i in members}
    overlaps: dict[int, set[int]] = defaultdict(set)
    by_row = sorted(range(len(words)), key=lambda i: words[i]["top"])
    for n, i in enumerate(by_row):
        for j in by_row[n + 1:]:
            if words[j]["top"] >= words[i]["bottom"]:
                break
            if run_of[i] != run_of[j] and _overlap(words[i], words[j]):
                overlaps[i].add(j)
                overlaps[j].add(i)
    if not overlaps:
        return words
    alive = set(range(len(words)))
    while True:
        worst, share = None, 0.0
        for key, members in runs.items():
            live = [i for i in members if i in alive]
            if not live:
                continue
            covered = sum(1 for i in live if overlaps[i] & alive) / len(live)
            if covered > share:
                worst, share = key, covered
        if worst is None or share < HIDDEN_SHARE:
            break
        alive -= set(runs[worst])
    return [w for i, w in enumerate(words) if i in alive]
