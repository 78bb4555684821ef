"""Check 6: one indicator code printed with unrelated names, or one name printed under different codes.

The registry finds both when it links mentions (`indicator_conflicts`, see
pipeline/linking/conflicts.py); this check says them in words, with the mentions as evidence.
A code printed once as a cost and once as a time is a warning; a code reworded without changing
what it measures, or two codes that differ by a trailing letter (`CPU007` / `CPU007a`, a variant),
is only a note.
"""

from __future__ import annotations

import json
import re

import sqlite_utils

from pipeline.checking.common import evidence, finding, place, rows
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
    """One finding per conflict the registry found, however many names or codes it takes."""
    if "indicator_conflicts" not in db.table_names():
        return []
    found = []
    for conflict in rows(db, "SELECT * FROM indicator_conflicts ORDER BY conflict_id"):
        ids = json.loads(conflict["mention_ids"])
        mentions = _mentions(db, ids)
        if not mentions:
            continue
        proof = [evidence("indicator_mentions", m, "mention_id") for m in mentions]
        names = json.loads(conflict["names"] or "[]") or [conflict["name"], conflict["other_name"]]
        if conflict["kind"] == "code_with_two_names":
            kinds = [measure_kind(n) for n in names]
            known = list(dict.fromkeys(k for k in kinds if k is not None))
            unrelated = None not in kinds and len(known) > 1
            by_name = "; and ".join(f"'{n}' ({_where([m for m in mentions if m['name'] == n])})" for n in names)
            message = (f"Code {conflict['code']} is printed for different measures: as a "
                       + " and as a ".join(known) + f": {by_name}." if unrelated else
                       f"Code {conflict['code']} is printed with differently worded names: {by_name}.")
            found.append(finding(
                "code_names", conflict["conflict_id"], "warning" if unrelated else "info", mentions[0]["doc_id"],
                f"Indicator code {conflict['code']}", message, proof,
                expected="one measure per code", actual=" / ".join(k or "unknown" for k in kinds)))
        else:
            codes = json.loads(conflict["codes"] or "[]") or [conflict["code"], conflict["other_code"]]
            by_code: dict[str, list[dict]] = {c.lower(): [] for c in codes}
            for m in mentions:
                by_code.setdefault((m["code_printed"] or "").lower(), []).append(m)
            where = "; ".join(f"{c} ({_where(by_code[c.lower()])})" for c in codes)
            message = f"The indicator '{conflict['name']}' is printed under {len(codes)} codes: {where}."
            variant = len(codes) == 2 and _variant(*codes)
            if variant:
                message += " The codes differ only by a trailing letter, which may mark a variant."
            found.append(finding(
                "code_names", conflict["conflict_id"], "info" if variant else "warning", mentions[0]["doc_id"],
                f"Indicator '{conflict['name']}'", message, proof,
                expected="one code per indicator", actual=", ".join(codes)))
    return found


def _mentions(db: sqlite_utils.Database, ids: list[str]) -> list[dict]:
    """The mentions of these ids, in print order, fetched a few hundred at a time."""
    found: list[dict] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        found += rows(db, f"SELECT * FROM indicator_mentions WHERE mention_id IN ({marks})", chunk)
    return sorted(found, key=lambda m: (m["doc_id"], m["line"] or 0, m["page"] or 0, m["mention_id"]))
