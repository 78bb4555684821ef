"""What every check shares: reading rows, naming evidence, building findings, writing figures.

A finding names the rows behind it as evidence (table, id, line, page), so that a reader can go
from the finding to every row it is about, and from each row to the place it was printed.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import sqlite_utils

from pipeline.records import FindingRecord


class Severity(NamedTuple):
    """A finding's severity: the value stored, the words a reader is told, and its report heading."""

    value: str
    one: str
    many: str
    heading: str


# most serious first: the order of every report and summary
SEVERITIES = (
    Severity("error", "error", "errors", "Errors: figures in the plan that contradict each other"),
    Severity("warning", "warning", "warnings", "Warnings: differences worth checking with the service"),
    Severity("info", "note", "notes", "Notes: printed differently, or for information"),
)


def severity_words(counts: Mapping[str, int]) -> str:
    """`2 errors, 1 warning, 5 notes` from findings counted by severity."""
    return ", ".join(f"{counts.get(s.value, 0)} {s.one if counts.get(s.value, 0) == 1 else s.many}" for s in SEVERITIES)


MONEY_TOLERANCE = 1.0  # pounds: budgets are printed in whole pounds
FTE_TOLERANCE = 0.01  # staff resources are printed to two decimals
_EPSILON = 1e-6
MAX_KEY = 120  # characters of a finding's key kept as written


def rows(db: sqlite_utils.Database, sql: str, params: dict | list | None = None) -> list[dict]:
    """The rows of a query as dicts; none where a table the query needs is missing."""
    try:
        return list(db.query(sql, params or {}))
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise


def evidence(table: str, row: dict, pk: str) -> dict:
    """One evidence entry: the row's table and id, and where it was printed."""
    return {"table": table, "id": row[pk], "line": row.get("line"), "page": row.get("page")}


def finding(
    check: str,
    key: str,
    severity: str,
    doc_id: str | None,
    subject: str,
    message: str,
    evidence_rows: Iterable[dict] = (),
    expected: str | None = None,
    actual: str | None = None,
) -> FindingRecord:
    """A finding whose id is the check and a key built from the ids of the rows it is about.

    The rows' ids come from their documents' content and place, so a finding's id does not depend
    on which other documents are in the build. Slashes are dropped from the key (`2020/21` ->
    `202021`) so that the id can sit in a URL path; a key longer than `MAX_KEY` (a group of many
    rows) is replaced by its hash.
    """
    key = key.replace("/", "")
    if len(key) > MAX_KEY:
        key = hashlib.sha1(key.encode()).hexdigest()[:16]
    return FindingRecord(
        finding_id=f"{check}:{key}",
        check=check,
        severity=severity,
        doc_id=doc_id,
        subject=subject,
        message=message,
        expected=expected,
        actual=actual,
        evidence=list(evidence_rows),
    )


def differs(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) > tolerance + _EPSILON


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= _EPSILON * max(1.0, abs(a), abs(b))


def money(amount: float | None) -> str:
    """£ as a plan prints it: whole pounds with thousands separators, negatives in parentheses."""
    if amount is None:
        return "blank"
    text = f"£{abs(amount):,.0f}" if float(amount).is_integer() else f"£{abs(amount):,.2f}"
    return f"({text})" if amount < 0 else text


def fte(amount: float | None) -> str:
    if amount is None:
        return "blank"
    return f"{round(amount, 2):g} FTE"


def value(number: float | None, unit: str | None) -> str:
    """A measurement as a reader would write it: £70, 93%, 6 hours, 2,313."""
    if number is None:
        return "blank"
    if unit == "£":
        return f"£{number:,.0f}" if float(number).is_integer() else f"£{number:,.2f}"
    shown = f"{number:,.2f}".rstrip("0").rstrip(".") if not float(number).is_integer() else f"{number:,.0f}"
    if unit == "%":
        return f"{shown}%"
    if unit:
        return f"{shown} {unit}"
    return shown


def place(row: dict) -> str:
    """Where a row was printed: `line 517` or `page 12`."""
    if row.get("line") is not None:
        return f"line {row['line']}"
    if row.get("page") is not None:
        return f"page {row['page']}"
    return "place unknown"


def normalise_words(text: str) -> str:
    """Lower case, `&` as `and`, every run of other characters as one space."""
    text = text.lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9£%]+", " ", text).strip()
