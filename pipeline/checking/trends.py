"""Check 7: a scorecard's trend mark (exceeded, met, below) against its actual and target.

Whether a higher actual is better is read from the indicator's name: costs, complaints, times,
incidents, arrears and rankings are better lower; percentages of customers satisfied, enquiries
resolved, repairs completed and the like are better higher. Where the name says neither, a mark
is checked only when actual and target are equal (then only `met` fits).
"""

from __future__ import annotations

import re

import sqlite_utils

from pipeline.checking.common import evidence, finding, place, rows, same_value, value
from pipeline.records import FindingRecord

# Words for an outcome nobody wants more of: any indicator naming one is better lower.
WORSE_WORDS = r"\b(upheld|arrears|lost|incorrect|incidents?|failures?|absence|sickness)\b"
# A percentage of good outcomes is better higher.
PERCENTAGE = r"\b(percentage|proportion|per cent)\b"
BETTER_WORDS = (r"\b(satisf\w*|resolved|completed|rated|good or excellent|collected|delivered|processed|"
                r"answered|sustained|accuracy|achiev\w*|responded|lodged|issued|secured|compliant|covered|"
                r"right first time|within)\b")
# Quantities that are better lower whatever they count.
LOWER_WORDS = r"\b(cost|costs|£|complaints?|time|days|hours|ranking)\b"


def direction(name: str) -> str | None:
    """`higher`, `lower` (which is better), or None where the name does not say."""
    text = name.lower()
    if re.search(WORSE_WORDS, text):
        return "lower"
    if re.search(PERCENTAGE, text) and re.search(BETTER_WORDS, text):
        return "higher"
    if re.search(PERCENTAGE, text):
        return None
    if re.search(LOWER_WORDS, text):
        return "lower"
    return None


def expected_mark(actual: float, target: float, better: str | None) -> str | None:
    if same_value(actual, target):
        return "met"
    if better is None:
        return None
    above = actual > target
    return "exceeded" if above == (better == "higher") else "below"


_MARKED = """
    SELECT a.*, t.value AS target_value, t.unit AS target_unit, t.measurement_id AS target_id,
           t.line AS target_line, t.page AS target_page
    FROM measurements a
    JOIN measurements t ON t.mention_id = a.mention_id AND t.period = a.period AND t.measure = 'target'
    WHERE a.measure = 'actual' AND a.assessment IS NOT NULL
      AND a.value IS NOT NULL AND t.value IS NOT NULL
    ORDER BY a.doc_id, a.line, a.page
"""


def trend_marks(db: sqlite_utils.Database) -> list[FindingRecord]:
    found = []
    for row in rows(db, _MARKED):
        better = direction(row["indicator_name"])
        expected = expected_mark(row["value"], row["target_value"], better)
        if expected is None or expected == row["assessment"]:
            continue
        actual, aim = value(row["value"], row["unit"]), value(row["target_value"], row["target_unit"])
        reason = (f"the actual {actual} equals the target" if expected == "met" else
                  f"the actual {actual} is {'above' if row['value'] > row['target_value'] else 'below'} the "
                  f"target {aim}, and for this indicator {better} is better")
        target = {"measurement_id": row["target_id"], "line": row["target_line"], "page": row["target_page"]}
        name = f"{row['code'] + ' ' if row['code'] else ''}{row['indicator_name']}"
        found.append(finding(
            "trend_mark", row["measurement_id"], "warning", row["doc_id"],
            f"{name} ({row['period']}, {place(row)})",
            f"The scorecard marks performance as '{row['assessment']}', but {reason}, so the mark should "
            f"be '{expected}'.",
            [evidence("measurements", row, "measurement_id"),
             evidence("measurements", target, "measurement_id")],
            expected=expected, actual=row["assessment"]))
    return found
