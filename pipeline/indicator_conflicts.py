"""Codes printed with unrelated names, and names printed under two codes.

The registry keeps both as printed (a code stays one indicator, two codes stay two indicators);
these rows say where they are, with the mentions behind them, so that the audit can turn them into
findings and a person can decide.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from pipeline.indicator_names import (
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
    """Codes printed with unrelated names, and names printed under two codes, with the mentions behind them.

    Both are kept in the registry as printed (a code stays one indicator; two codes stay two); these
    rows tell an auditor where to look.
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

        def normal(name: str, acronyms: dict[str, str] = acronyms) -> str:
            return normalise_name(name, acronyms)

        # a code printed with unrelated names
        for indicator in members:
            if not indicator.code:
                continue
            printed = by_indicator[indicator.indicator_id]
            names = sorted(
                {m.name for m in printed if m.name}, key=lambda n: (-sum(m.name == n for m in printed), n)
            )
            for a_index, a in enumerate(names):
                for b in names[a_index + 1 :]:
                    na, nb = normal(a), normal(b)
                    if (
                        na == nb
                        or not differs_in_kind(na, nb)
                        or fuzz.token_set_ratio(na, nb) >= UNRELATED_BELOW
                    ):
                        continue
                    behind = [m for m in printed if m.name in (a, b)]
                    conflicts.append(
                        _conflict(
                            "code_with_two_names",
                            council,
                            indicator,
                            None,
                            a,
                            b,
                            fuzz.token_sort_ratio(na, nb),
                            behind,
                        )
                    )
        # one name printed under two codes
        coded = [i for i in members if i.code]
        keys = [
            (i, n, normal(n))
            for i in coded
            for n in sorted({m.name for m in by_indicator[i.indicator_id]})
            if n
        ]
        # one text per normalised name; keys that share it pair up with score 100
        texts = sorted({k for _, _, k in keys})
        at = {text: n for n, text in enumerate(texts)}
        by_text: dict[int, list[int]] = defaultdict(list)
        for n, (_, _, key) in enumerate(keys):
            by_text[at[key]].append(n)
        seen: set[tuple[str, str]] = set()
        for text_a, text_b, score in alike_pairs(texts, texts):
            for a_index in by_text[text_a]:
                for b_index in by_text[text_b]:
                    (ia, name_a, ka), (ib, name_b, kb) = keys[a_index], keys[b_index]
                    pair = (ia.indicator_id, ib.indicator_id)
                    if ia.indicator_id >= ib.indicator_id or pair in seen or differs_in_kind(ka, kb):
                        continue
                    seen.add(pair)
                    behind = [m for m in by_indicator[ia.indicator_id] if m.name == name_a]
                    behind += [m for m in by_indicator[ib.indicator_id] if m.name == name_b]
                    conflicts.append(
                        _conflict("name_with_two_codes", council, ia, ib, name_a, name_b, score, behind)
                    )
    return conflicts


def _conflict(
    kind: str,
    council: str | None,
    indicator: IndicatorRecord,
    other: IndicatorRecord | None,
    name: str,
    other_name: str,
    score: float,
    behind: list[MentionRecord],
) -> IndicatorConflictRecord:
    key = f"{kind}|{indicator.indicator_id}|{other.indicator_id if other else ''}|{name}|{other_name}"
    return IndicatorConflictRecord(
        conflict_id=f"{kind}-{hashlib.sha1(key.encode()).hexdigest()[:12]}",
        council=council,
        kind=kind,
        indicator_id=indicator.indicator_id,
        other_indicator_id=other.indicator_id if other else None,
        code=indicator.code,
        other_code=other.code if other else None,
        name=name,
        other_name=other_name,
        score=round(score, 1),
        mention_ids=json.dumps(sorted(m.mention_id for m in behind)),
        doc_ids=json.dumps(sorted({m.doc_id for m in behind})),
    )
