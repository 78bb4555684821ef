"""Check 6: one indicator code printed with unrelated names, or one name printed under different codes.

The registry finds both when it links mentions (`indicator_conflicts`, see
pipeline/indicator_conflicts.py); this check says them in words, with the mentions as evidence.
A code printed once as a cost and once as a time is a warning; a code reworded without changing
what it measures, or two codes that differ by a trailing letter (`CPU007` / `CPU007a`, a variant),
is only a note.
"""

from __future__ import annotations

import json
import re

import sqlite_utils

from pipeline.checks.common import evidence, finding, place, rows
from pipeline.records import FindingRecord

# The kind of quantity a name measures, by the first of these words it contains, in this order.
KIND_WORDS: list[tuple[str, str]] = [
    ("percentage", r"\b(percentage|proportion|per cent)\b"),
    ("cost", r"\b(cost|costs|£|spend|expenditure per)\b"),
    ("time", r"\b(time|days|hours|weeks|length of time)\b"),
    ("ranking", r"\b(ranking|rank|position)\b"),
    ("count", r"\b(number|total number|count)\b"),
]


def measure_kind(name: str) -> str | None:
    """percentage, cost, time, ranking or count, from the words of an indicator's name; None if unsure."""
    text = name.lower()
    for kind, pattern in KIND_WORDS:
        if re.search(pattern, text):
            return kind
    return None


def _variant(a: str, b: str) -> bool:
    """`CPU007` and `CPU007a`: one code is the other with a letter added."""
    short, long = sorted((a.lower(), b.lower()), key=len)
    return long.startswith(short) and len(long) - len(short) == 1 and long[-1].isalpha()


def _where(mentions: list[dict]) -> str:
    return "; ".join(f"{m['service'] or 'plan'} {m['source'].replace('_', ' ')} {place(m)}" for m in mentions)


def code_names(db: sqlite_utils.Database) -> list[FindingRecord]:
    if "indicator_conflicts" not in db.table_names():
        return []
    found = []
    for conflict in rows(db, "SELECT * FROM indicator_conflicts ORDER BY conflict_id"):
        ids = json.loads(conflict["mention_ids"])
        marks = ", ".join("?" for _ in ids)
        mentions = rows(db, f"SELECT * FROM indicator_mentions WHERE mention_id IN ({marks}) "
                            "ORDER BY doc_id, line, page, mention_id", ids) if ids else []
        if not mentions:
            continue
        proof = [evidence("indicator_mentions", m, "mention_id") for m in mentions]
        name, other = conflict["name"], conflict["other_name"]
        if conflict["kind"] == "code_with_two_names":
            kinds = (measure_kind(name), measure_kind(other))
            unrelated = None not in kinds and kinds[0] != kinds[1]
            by_name = "; and ".join(
                f"'{n}' ({_where([m for m in mentions if m['name'] == n])})" for n in (name, other))
            message = (f"Code {conflict['code']} is printed for different measures: as a {kinds[0]} and as a "
                       f"{kinds[1]}: {by_name}." if unrelated else
                       f"Code {conflict['code']} is printed with differently worded names: {by_name}.")
            found.append(finding(
                "code_names", conflict["conflict_id"], "warning" if unrelated else "info", mentions[0]["doc_id"],
                f"Indicator code {conflict['code']}", message, proof,
                expected="one measure per code", actual=" / ".join(k or "unknown" for k in kinds)))
        else:
            codes = [conflict["code"], conflict["other_code"]]
            by_code = "; ".join(
                f"{c} ({_where([m for m in mentions if (m['code_printed'] or '').lower() == c.lower()])})"
                for c in codes)
            message = f"The indicator '{name}' is printed under 2 codes: {by_code}."
            variant = _variant(*codes)
            if variant:
                message += " The codes differ only by a trailing letter, which may mark a variant."
            found.append(finding(
                "code_names", conflict["conflict_id"], "info" if variant else "warning", mentions[0]["doc_id"],
                f"Indicator '{name}'", message, proof,
                expected="one code per indicator", actual=", ".join(codes)))
    return found
