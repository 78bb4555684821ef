"""The indicator registry: one indicator per council, linked from every printed mention.

A mention with a code links by code (case-insensitive). A mention without one is matched by name
against the council's indicators: exactly after normalising, else fuzzily above a threshold;
what is left becomes a new indicator. Method and score are kept on the mention.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from pipeline.records import IndicatorRecord, MentionRecord

# Fuzzy name matches at or above this score link to an existing indicator.
NAME_MATCH_THRESHOLD = 90
_REPLACEMENTS = [
    (r"£\s*1\s*m\b", "£1 million"),
    (r"\bhr\b", "human resources"),
    (r"\bit\b", "information technology"),
    (r"\bict\b", "information technology"),
    (r"\bservices\b", "service"),
    (r"&", " and "),
]


def normalise_name(name: str) -> str:
    text = name.lower()
    for pattern, replacement in _REPLACEMENTS:
        text = re.sub(pattern, replacement, text)
    text = re.sub(r"[^a-z0-9£%]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _slug(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "unknown").lower()).strip("-")


@dataclass
class _Entry:
    indicator_id: str
    council: str | None
    code: str | None
    names: Counter = field(default_factory=Counter)
    public: bool = False
    corporate_plan: bool = False
    category: str | None = None
    mentions: int = 0


def build_registry(
    mentions: list[MentionRecord], councils: dict[str, str | None]
) -> tuple[list[IndicatorRecord], list[MentionRecord]]:
    """Link mentions (`councils` maps doc_id to council) and return the registry rows."""
    entries: dict[str, _Entry] = {}
    by_code: dict[tuple[str | None, str], _Entry] = {}
    linked: list[MentionRecord] = []

    def add(entry: _Entry, mention: MentionRecord) -> None:
        entry.names[mention.name] += 1
        entry.mentions += 1
        entry.public |= mention.public
        entry.corporate_plan |= mention.corporate_plan
        entry.category = entry.category or mention.category

    coded = [m for m in mentions if m.code_printed]
    uncoded = [m for m in mentions if not m.code_printed]
    for mention in coded:
        council = councils.get(mention.doc_id)
        key = (council, mention.code_printed.lower())
        entry = by_code.get(key)
        if entry is None:
            entry = _Entry(f"{_slug(council)}:{mention.code_printed.lower()}", council, mention.code_printed)
            by_code[key] = entry
            entries[entry.indicator_id] = entry
        add(entry, mention)
        linked.append(mention.model_copy(update={"indicator_id": entry.indicator_id,
                                                 "match_method": "code", "match_score": 100.0}))

    by_council: dict[str | None, dict[str, str]] = defaultdict(dict)
    for entry in entries.values():
        for name in entry.names:
            by_council[entry.council].setdefault(normalise_name(name), entry.indicator_id)
    for mention in uncoded:
        council = councils.get(mention.doc_id)
        names = by_council[council]
        key = normalise_name(mention.name)
        method, score, indicator_id = "new", 100.0, None
        if key in names:
            method, indicator_id = "name_exact", names[key]
        elif names:
            best = process.extractOne(key, list(names), scorer=fuzz.token_sort_ratio,
                                      score_cutoff=NAME_MATCH_THRESHOLD)
            if best:
                method, score, indicator_id = "name_fuzzy", float(best[1]), names[best[0]]
        if indicator_id is None:
            indicator_id = f"{_slug(council)}:name-{_slug(key)[:60]}"
            entries[indicator_id] = _Entry(indicator_id, council, None)
            names[key] = indicator_id
        add(entries[indicator_id], mention)
        linked.append(mention.model_copy(update={"indicator_id": indicator_id,
                                                 "match_method": method, "match_score": round(score, 1)}))

    indicators = [
        IndicatorRecord(
            indicator_id=e.indicator_id,
            council=e.council,
            code=e.code,
            name=e.names.most_common(1)[0][0],
            public=e.public,
            corporate_plan=e.corporate_plan,
            category=e.category,
            aliases=json.dumps(sorted(e.names), ensure_ascii=False),
            mentions=e.mentions,
        )
        for e in entries.values()
    ]
    return indicators, linked
