"""Checks on indicator targets: one indicator, one year, one target.

Values are compared only where their units can be the same measure (equal units, or one printed
without a unit): a code printed with a cost target in one table and a time target in another is two
different measures under one code, which the indicator-name check reports.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

import sqlite_utils

from pipeline.checking.common import evidence, finding, place, rows, value
from pipeline.records import FindingRecord

SOURCE_WORDS = {
    "scorecard": "scorecard",
    "activity_budget": "activity budget",
    "priorities": "alignment table",
    "quarterly": "quarterly report",
}

_TARGETS = """
    SELECT m.*, d.period AS plan_period, d.title AS plan_title
    FROM measurements m JOIN documents d ON d.doc_id = m.doc_id
    WHERE m.measure = 'target' AND m.value IS NOT NULL AND m.indicator_id IS NOT NULL
    ORDER BY m.doc_id, m.line, m.page, m.measurement_id
"""


class _Values:
    """A set of targets summed up as the values printed under each unit (None: printed without one).

    Whether two sets hold a conflicting or an agreeing pair is then a question about a few units'
    values, not about every pair of targets, so one indicator printed thousands of times costs no
    more than a pass over its rows. Values are compared as `describe` shows them (to 6 places).
    """

    def __init__(self, targets: list[dict]) -> None:
        self.by_unit: dict[str | None, set[float]] = defaultdict(set)
        for t in targets:
            self.by_unit[t["unit"]].add(round(t["value"], 6))

    def compatible(self, unit: str | None) -> set[float]:
        """The values printed in a unit that can be the same measure as `unit`."""
        if unit is None:
            return set().union(*self.by_unit.values())
        return self.by_unit.get(unit, set()) | self.by_unit.get(None, set())

    def conflicts_within(self) -> bool:
        """Two of the targets, of compatible units, with different values."""
        return any(len(self.compatible(unit)) > 1 for unit in self.by_unit)

    def conflicts_with(self, other: _Values) -> bool:
        """A target here and one there, of compatible units, with different values."""
        return any(len(values | theirs) > 1 for unit, values in self.by_unit.items()
                   if (theirs := other.compatible(unit)))

    def agrees_with(self, other: _Values) -> bool:
        return any(values & other.compatible(unit) for unit, values in self.by_unit.items())


def describe(targets: list[dict], with_plan: bool = False) -> str:
    """`93% (alignment table line 71; scorecard line 784) and 94% (activity budget line 517)`."""
    by_value: dict[tuple, list[dict]] = defaultdict(list)
    for t in targets:
        by_value[(round(t["value"], 6), t["unit"])].append(t)
    parts = []
    for (number, unit), items in by_value.items():
        places = "; ".join(
            (f"{t['plan_title']}, " if with_plan else "") + f"{SOURCE_WORDS.get(t['source'], t['source'])} "
            f"{place(t)}" for t in items)
        parts.append(f"{value(number, unit)} ({places})")
    return " and ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + " and " + parts[-1]


_RATE = re.compile(r"\b(per (?:day|week|month|quarter|year|annum)|daily|weekly|monthly|quarterly|annually)\b",
                   re.IGNORECASE)


def _bases(targets: list[dict]) -> str:
    """A caution where some targets are printed for a different span (`333 per quarter` beside `360`)."""
    spans = {(m.group(1).lower() if (m := _RATE.search(t["raw"] or "")) else None) for t in targets}
    if len(spans) < 2:
        return ""
    printed = ", ".join(f"'{t['raw']}'" for t in targets if _RATE.search(t["raw"] or ""))
    return f" Note that {printed} is printed for a stated span, so the figures may be on different bases."


def _subject(targets: list[dict]) -> str:
    """The indicator by code and its shortest printed name (a long one may carry a neighbour's text)."""
    code = next((t["code"] for t in targets if t["code"]), None)
    name = min((t["indicator_name"] for t in targets), key=len)
    return f"{code + ' ' if code else ''}{name}"


def _targets_by_indicator_and_year(db: sqlite_utils.Database) -> dict[tuple[str, str], list[dict]]:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for t in rows(db, _TARGETS):
        if t["period"]:
            groups[(t["indicator_id"], t["period"])].append(t)
    return groups


def target_conflicts(db: sqlite_utils.Database) -> list[FindingRecord]:
    """Check 5: one indicator, different targets for one year, in one plan or in the plans for that year."""
    found = []
    for (indicator_id, period), targets in _targets_by_indicator_and_year(db).items():
        by_doc: dict[str, list[dict]] = defaultdict(list)
        for t in targets:
            by_doc[t["doc_id"]].append(t)
        for doc_id, own in by_doc.items():
            if not _Values(own).conflicts_within():
                continue
            found.append(finding(
                "target_conflict", f"{doc_id}:{indicator_id}:{period}", "warning", doc_id, _subject(own),
                f"This plan prints different targets for {period}: {describe(own)}.{_bases(own)}",
                [evidence("measurements", t, "measurement_id") for t in own],
                expected="one target for the year", actual=describe(own)))
        same_year = {d: _Values(ts) for d, ts in by_doc.items() if ts[0]["plan_period"] == period}
        disagreeing = [(a, b) for a, b in combinations(same_year, 2)
                       if same_year[a].conflicts_with(same_year[b]) and not same_year[a].agrees_with(same_year[b])]
        if disagreeing:
            docs = list(dict.fromkeys(d for pair in disagreeing for d in pair))
            involved = [t for d in docs for t in by_doc[d]]
            found.append(finding(
                "target_conflict", f"{indicator_id}:{period}:across", "warning", docs[0], _subject(involved),
                f"Plans for {period} print different targets for it: {describe(involved, with_plan=True)}."
                + _bases(involved),
                [evidence("measurements", t, "measurement_id") for t in involved],
                expected="one target for the year", actual=describe(involved, with_plan=True)))
    return found


def targets_in_next_plan(db: sqlite_utils.Database) -> list[FindingRecord]:
    """Check 9: the target a plan set for its year, against the one a later plan's scorecard reports."""
    found = []
    for (indicator_id, period), targets in _targets_by_indicator_and_year(db).items():
        planned = [t for t in targets if t["plan_period"] == period]
        later: dict[str, list[dict]] = defaultdict(list)
        for t in targets:
            if t["source"] == "scorecard" and t["plan_period"] and t["plan_period"] > period:
                later[t["doc_id"]].append(t)
        if not planned:
            continue
        aims = _Values(planned)
        for doc_id, reported in later.items():
            changed = [r for r in reported if aims.compatible(r["unit"])
                       and round(r["value"], 6) not in aims.compatible(r["unit"])]
            if not changed:
                continue
            found.append(finding(
                "target_changed_next_plan", f"{indicator_id}:{period}:{doc_id}", "warning", doc_id,
                _subject([*planned, *changed]),
                f"The plan for {period} set a target of {describe(planned, with_plan=True)}; the scorecard "
                f"of {changed[0]['plan_title']} reports {period} against a target of {describe(changed)}."
                + _bases([*planned, *changed]),
                [evidence("measurements", t, "measurement_id") for t in [*planned, *changed]],
                expected=describe(planned), actual=describe(changed)))
    return found
