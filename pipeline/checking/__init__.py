"""Consistency checks for auditors, run at the end of every build and stored in `findings`.

Each check is a function `(database) -> findings` over the built database. A finding names the
rows it is about, so that Datasette leads from the finding to each row and from the row to the
line or page it was printed on. A check that fails on unexpected data is itself reported as a
finding, and the other checks still run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlite_utils

from pipeline.checking.action_dates import action_dates
from pipeline.checking.budgets import activity_in_two_units, budget_totals, row_arithmetic, staff_numbers
from pipeline.checking.common import finding
from pipeline.checking.indicator_names import code_names
from pipeline.checking.targets import target_conflicts, targets_in_next_plan
from pipeline.checking.trends import trend_marks
from pipeline.records import FindingRecord

log = logging.getLogger(__name__)

Check = Callable[[sqlite_utils.Database], list[FindingRecord]]

# check name (as stored in findings.check) -> (what it looks for, in words; the function)
CHECKS: dict[str, tuple[str, Check]] = {
    "row_arithmetic": ("Activity rows whose expenditure and income do not make their net budget",
                       row_arithmetic),
    "budget_total": ("Budget tables whose rows do not add up to their Total: row", budget_totals),
    "staff_numbers": ("Units whose stated staff differ from the staff in their budget tables", staff_numbers),
    "activity_in_two_units": ("Activities budgeted in the tables of two units", activity_in_two_units),
    "target_conflict": ("Indicators with different targets for the same year", target_conflicts),
    "code_names": ("Indicator codes printed for different measures, or one indicator under two codes",
                   code_names),
    "trend_mark": ("Scorecard trend marks that contradict the actual and target", trend_marks),
    "action_dates": ("Actions whose dates do not fit", action_dates),
    "target_changed_next_plan": ("Targets reported differently in the next plan's scorecard",
                                 targets_in_next_plan),
}

def run_checks(db: sqlite_utils.Database) -> list[FindingRecord]:
    """Every check over the database, findings in a stable order (document, check, id)."""
    found: list[FindingRecord] = []
    for name, (_, check) in CHECKS.items():
        try:
            found.extend(check(db))
        except Exception as exc:  # a bug in one check must not lose the others' findings
            log.exception("check %s failed", name)
            found.append(finding(name, "failed", "error", None, f"The {name} check",
                                 f"The check could not run: {type(exc).__name__}: {exc}"))
    unique = {f.finding_id: f for f in found}
    return sorted(unique.values(), key=lambda f: (f.doc_id or "", list(CHECKS).index(f.check), f.finding_id))
