"""Check 8: an action that ends before it starts, or that lies wholly outside the year its plan covers.

A plan for `2020/21` covers April 2020 to March 2021. An action that started before the plan and
carries on into it is normal; one that ended before the plan began, or starts after it ends, is
reported as `info` (a carried-over line, or a date printed wrong).
"""

from __future__ import annotations

import re

import sqlite_utils

from pipeline.checking.common import evidence, finding, place, rows
from pipeline.records import FindingRecord


def plan_months(period: str | None) -> tuple[str, str] | None:
    """`2020/21` -> (`2020-04`, `2021-03`): the financial year as first and last month."""
    match = re.fullmatch(r"(\d{4})/\d{2}", period or "")
    if not match:
        return None
    year = int(match.group(1))
    return f"{year}-04", f"{year + 1}-03"


def action_dates(db: sqlite_utils.Database) -> list[FindingRecord]:
    found = []
    sql = """SELECT a.*, d.period AS plan_period FROM actions a JOIN documents d ON d.doc_id = a.doc_id
             ORDER BY a.doc_id, a.line, a.page"""
    for row in rows(db, sql):
        start, end = row["start"], row["end"]
        subject = f"{row['service'] or 'Plan'}: action '{row['title']}' ({place(row)})"
        printed = f"{row['start_raw'] or 'no start'} to {row['end_raw'] or 'no end'}"
        proof = [evidence("actions", row, "action_id")]
        if start and end and end < start:
            found.append(finding(
                "action_dates", row["action_id"], "error", row["doc_id"], subject,
                f"The action ends ({row['end_raw']}) before it starts ({row['start_raw']}).",
                proof, expected="end on or after start", actual=printed))
            continue
        months = plan_months(row["plan_period"])
        if months is None:
            continue
        first, last = months
        if end and end < first:
            found.append(finding(
                "action_dates", f"{row['action_id']}:before", "info", row["doc_id"], subject,
                f"The action ended in {row['end_raw']}, before the plan's year {row['plan_period']} began "
                f"(status printed: {row['status'] or 'none'}).",
                proof, expected=f"dates within {row['plan_period']}", actual=printed))
        elif start and start > last:
            found.append(finding(
                "action_dates", f"{row['action_id']}:after", "info", row["doc_id"], subject,
                f"The action starts in {row['start_raw']}, after the plan's year {row['plan_period']} ends "
                f"(status printed: {row['status'] or 'none'}).",
                proof, expected=f"dates within {row['plan_period']}", actual=printed))
    return found
