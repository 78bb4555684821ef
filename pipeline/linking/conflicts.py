"""Codes printed with unrelated names, and names printed under two codes.

The registry keeps both as printed (a code stays one indicator, two codes stay two indicators);
these rows say where they are, with the mentions behind them, so that the audit can turn them into
findings and a person can decide.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from pipeline.linking.names import (
    alike_pairs,
    differs_in_kind,
    learn_acronyms,
    normalise_name,
)
from pipeline.records import IndicatorConflictRecord, IndicatorRecord, MentionRecord

# Two names of one code are "unrelated" when they differ in kind and share less than this much of
# their words (token_set_ratio): `Average cost of housing emergency repair` / `Average length of
# time to complete emergency repair` (80) is reported; `… Procurement Unit … net expenditure` /
# `… Procurement Service … net revenue expenditure` (97) is one indicator reworded.
UNRELATED_BELOW = 85.0


def registry_conflicts(
    indicators: Iterable[IndicatorRecord], mentions: Iterable[MentionRecord]
) -> list[IndicatorConflictRecord]:
    """Codes printed with unrelated names, and names printed under several codes, with the mentions behind them.

    Both are kept in the registry as printed (a code stays one indicator; two codes stay two); these
    rows tell an auditor where to look. Each is one row however many names or codes it takes:
    a name printed under 1,000 codes is one row listing them, not one per pair.
    """
    indicators = list(indicators)
    by_indicator: dict[str, list[MentionRecord]] = defaultdict(list)
    for mention in mentions:
        if mention.indicator_id:
            by_indicator[mention.indicator_id].append(mention)
    conflicts: list[IndicatorConflictRecord] = []
    by_council: dict[str | None, list[IndicatorRecord]] = defaultdict(list)
    for indicator in indicators:
        by_council[indicator.council].append(indicator)
    for council, members in by_council.items():
        acronyms = learn_acronyms(m.name for i in members for m in by_indicator[i.indicator_id])
        normalised: dict[str, str] = {}

        def normal(name: str, acronyms: dict[str, str] = acronyms, normalised: dict[str, str] = normalised) -> str:
            if name not in normalised:
                normalised[name] = normalise_name(name, acronyms)
            return normalised[name]

        for indicator in members:
            if indicator.code:
                conflict = _unrelated_names(council, indicator, by_indicator[indicator.indicator_id], normal)
                if conflict is not None:
                    conflicts.append(conflict)
        conflicts.extend(_names_under_several_codes(council, [i for i in members if i.code], by_indicator, normal))
    return conflicts


def _unrelated_names(council: str | None, indicator: IndicatorRecord, printed: list[MentionRecord],
                     normal) -> IndicatorConflictRecord | None:
    """One code printed with names that differ in kind and share few words, as one row."""
    names = sorted({m.name for m in printed if m.name}, key=lambda n: (-sum(m.name == n for m in printed), n))
    unrelated: list[tuple[str, str, float]] = []
    for a_index, a in enumerate(names):
        for b in names[a_index + 1 :]:
            na, nb = normal(a), normal(b)
            if na == nb or not differs_in_kind(na, nb) or fuzz.token_set_ratio(na, nb) >= UNRELATED_BELOW:
                continue
            unrelated.append((a, b, fuzz.token_sort_ratio(na, nb)))
    if not unrelated:
        return None
    involved = [n for n in names if any(n in pair[:2] for pair in unrelated)]
    a, b, _score = unrelated[0]
    return _conflict(
        "code_with_two_names", council, [indicator], involved, (a, b),
        min(score for _a, _b, score in unrelated), [m for m in printed if m.name in involved],
        key=(indicator.code or "").lower(),
    )


def _names_under_several_codes(council: str | None, coded: list[IndicatorRecord],
                               by_indicator: dict[str, list[MentionRecord]], normal) -> list[IndicatorConflictRecord]:
    """Names alike enough to be one indicator, printed under several codes: one row per group of them.

    Normalised names are scored against each other once (`alike_pairs`); names that match, and do
    not differ in kind, join one group; every coded indicator printing a name of the group is in it.
    """
    printing: dict[str, list[tuple[IndicatorRecord, str]]] = defaultdict(list)  # normalised -> (indicator, name)
    for indicator in coded:
        for name in sorted({m.name for m in by_indicator[indicator.indicator_id]}):
            if name and normal(name):
                printing[normal(name)].append((indicator, name))
    texts = sorted(printing)
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    lowest: dict[int, float] = {}
    for a, b, score in alike_pairs(texts, texts):
        if a >= b or differs_in_kind(texts[a], texts[b]):
            continue
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
            lowest[min(ra, rb)] = min(score, lowest.get(ra, 100.0), lowest.get(rb, 100.0))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        groups[root(i)].append(i)
    conflicts = []
    keys: set[str] = set()
    for top, members in sorted(groups.items()):
        pairs = [pair for i in members for pair in printing[texts[i]]]
        chosen = sorted({i.indicator_id: i for i, _name in pairs}.values(), key=lambda i: i.indicator_id)
        if len(chosen) < 2:
            continue
        key = "|".join(sorted((i.code or "").lower() for i in chosen))
        if key in keys:  # two groups of names under the same codes: told apart by the group's first name
            key += "|" + texts[top]
        keys.add(key)
        name_of = {i.indicator_id: name for i, name in reversed(pairs)}  # the first name each prints
        names = list(dict.fromkeys(name for _i, name in pairs))
        behind = [m for i, name in pairs for m in by_indicator[i.indicator_id] if m.name == name]
        conflicts.append(_conflict(
            "name_with_two_codes", council, chosen, names,
            (name_of[chosen[0].indicator_id], name_of[chosen[1].indicator_id]), lowest.get(top, 100.0), behind,
            key=key,
        ))
    return conflicts


def _conflict(
    kind: str,
    council: str | None,
    indicators: list[IndicatorRecord],
    names: list[str],
    shown: tuple[str, str],
    score: float,
    behind: list[MentionRecord],
    key: str,
) -> IndicatorConflictRecord:
    """The row; its id is the kind, the council and the codes it is about, whatever else was read."""
    first, other = indicators[0], (indicators[1] if len(indicators) > 1 else None)
    digest = hashlib.sha1(f"{kind}|{council or ''}|{key}".encode()).hexdigest()[:12]
    return IndicatorConflictRecord(
        conflict_id=f"{kind}-{digest}",
        council=council,
        kind=kind,
        indicator_id=first.indicator_id,
        other_indicator_id=other.indicator_id if other else None,
        code=first.code,
        other_code=other.code if other else None,
        name=shown[0],
        other_name=shown[1],
        score=round(score, 1),
        indicator_ids=[i.indicator_id for i in indicators],
        codes=[i.code for i in indicators if i.code],
        names=names,
        mention_ids=sorted({m.mention_id for m in behind}),
        doc_ids=sorted({m.doc_id for m in behind}),
    )
