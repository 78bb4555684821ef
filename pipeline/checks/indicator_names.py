"""Check 6: one indicator code printed with unrelated names, or one name printed under different codes.

Two names of one code are unrelated when they measure different kinds of quantity (a cost and a
time, a percentage and a count): rewording (`CSC` for `Customer Service Centre (CSC)`, a unit's name
put in front) is not reported. Two codes share a name when every word of each name has a match in
the other (allowing for spelling variants such as `summons` / `summonses`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

import sqlite_utils
from rapidfuzz import fuzz

from pipeline.checks.common import evidence, finding, normalise_words, place, rows
from pipeline.records import FindingRecord

# The kind of quantity a name measures, by the first of these words it contains, in this order.
KIND_WORDS: list[tuple[str, str]] = [
    ("percentage", r"\b(percentage|proportion|per cent)\b"),
    ("cost", r"\b(cost|costs|£|spend|expenditure per)\b"),
    ("time", r"\b(time|days|hours|weeks|length of time)\b"),
    ("ranking", r"\b(ranking|rank|position)\b"),
    ("count", r"\b(number|total number|count)\b"),
]

_SMALL_WORDS = {"of", "and", "the", "for", "in"}
_ACRONYM = re.compile(r"((?:[A-Za-z]+[\s-]+){1,8})\(([A-Z]{2,8})\)")


def measure_kind(name: str) -> str | None:
    """percentage, cost, time, ranking or count, from the words of an indicator's name; None if unsure."""
    text = name.lower()
    for kind, pattern in KIND_WORDS:
        if re.search(pattern, text):
            return kind
    return None


def _collapse_acronyms(name: str) -> str:
    """`Customer Service Centre (CSC) call` -> `CSC call`, where the words' initials spell the acronym."""
    def shorten(match: re.Match) -> str:
        words, acronym = match.group(1).split(), match.group(2)
        for start in range(len(words)):
            tail = words[start:]
            spelled = ["".join(w[0] for w in tail),
                       "".join(w[0] for w in tail if w.lower() not in _SMALL_WORDS)]
            if tail[0].lower() not in _SMALL_WORDS and acronym in (s.upper() for s in spelled):
                return " ".join([*words[:start], acronym]) + " "
        return match.group(0)
    return _ACRONYM.sub(shorten, name)


def name_words(name: str) -> list[str]:
    return [w for w in normalise_words(_collapse_acronyms(name)).split() if len(w) > 1]


def _words_match(a: list[str], b: list[str]) -> bool:
    def covered(words: list[str], others: list[str]) -> bool:
        return all(any(w == o or fuzz.ratio(w, o) >= 80 for o in others) for w in words)
    return bool(a) and bool(b) and covered(a, b) and covered(b, a)


_MENTIONS = """
    SELECT im.*, d.council FROM indicator_mentions im JOIN documents d ON d.doc_id = im.doc_id
    WHERE im.code_printed IS NOT NULL AND im.code_printed != ''
    ORDER BY im.doc_id, im.line, im.page, im.mention_id
"""


def _where(mentions: list[dict]) -> str:
    return "; ".join(f"{m['service'] or 'plan'} {m['source'].replace('_', ' ')} {place(m)}" for m in mentions)


def code_names(db: sqlite_utils.Database) -> list[FindingRecord]:
    mentions = rows(db, _MENTIONS)
    found = []
    found.extend(_unrelated_names(mentions))
    found.extend(_shared_names(mentions))
    return found


def _unrelated_names(mentions: list[dict]) -> list[FindingRecord]:
    by_code: dict[tuple, list[dict]] = defaultdict(list)
    for m in mentions:
        by_code[(m["council"], m["code_printed"].lower())].append(m)
    found = []
    for (_, code), items in by_code.items():
        by_kind: dict[str, list[dict]] = defaultdict(list)
        for m in items:
            kind = measure_kind(m["name"])
            if kind:
                by_kind[kind].append(m)
        if len(by_kind) < 2:
            continue
        first = items[0]
        parts = [f"as a {kind} ('{ms[0]['name']}': {_where(ms)})" for kind, ms in by_kind.items()]
        involved = [m for ms in by_kind.values() for m in ms]
        found.append(finding(
            "code_names", f"{first['indicator_id'] or code}:kinds", "warning", first["doc_id"],
            f"Indicator code {first['code_printed']}",
            "One code is printed for different measures: " + "; and ".join(parts) + ".",
            [evidence("indicator_mentions", m, "mention_id") for m in involved],
            expected="one measure per code", actual=", ".join(by_kind)))
    return found


def _variant(a: str, b: str) -> bool:
    """`CPU007` and `CPU007a`: one code is the other with a letter added."""
    short, long = sorted((a.lower(), b.lower()), key=len)
    return long.startswith(short) and len(long) - len(short) == 1 and long[-1].isalpha()


def _shared_names(mentions: list[dict]) -> list[FindingRecord]:
    # one representative mention per (council, code, printed name)
    names: dict[tuple, list[dict]] = defaultdict(list)
    for m in mentions:
        names[(m["council"], m["code_printed"].lower(), normalise_words(m["name"]))].append(m)
    keys = list(names)
    words = {k: name_words(names[k][0]["name"]) for k in keys}
    parent = {k: k for k in keys}

    def root(k: tuple) -> tuple:
        while parent[k] != k:
            k = parent[k]
        return k

    for a, b in combinations(keys, 2):
        if a[0] == b[0] and a[1] != b[1] and _words_match(words[a], words[b]):
            parent[root(b)] = root(a)
    clusters: dict[tuple, list[tuple]] = defaultdict(list)
    for k in keys:
        clusters[root(k)].append(k)
    found = []
    for members in clusters.values():
        codes = list(dict.fromkeys(k[1] for k in members))
        if len(codes) < 2:
            continue
        involved = [m for k in members for m in names[k]]
        printed = list(dict.fromkeys(m["code_printed"] for m in involved))
        variants = all(_variant(a, b) or a == b for a, b in combinations(codes, 2))
        by_code = "; ".join(
            f"{c} ({_where([m for m in involved if m['code_printed'] == c])})" for c in printed)
        message = f"The indicator '{involved[0]['name']}' is printed under {len(printed)} codes: {by_code}."
        if variants:
            message += " The codes differ only by a trailing letter, which may mark a variant."
        found.append(finding(
            "code_names", "name:" + "+".join(sorted(codes)), "info" if variants else "warning",
            involved[0]["doc_id"], f"Indicator '{involved[0]['name']}'", message,
            [evidence("indicator_mentions", m, "mention_id") for m in involved],
            expected="one code per indicator", actual=", ".join(printed)))
    return found
