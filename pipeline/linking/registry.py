"""The indicator registry: one indicator per council, linked from every printed mention.

Linking runs per council (blocking), documents in the order of the years they are for:

1. A mention with a code links by code (case-insensitive), across documents and years.
2. A code never seen before may be an old indicator renumbered. It links by name to an indicator of
   the council only when that indicator was printed solely in plans of earlier years, by a plan of
   the same service, none of its codes is printed in the same document (two codes printed side by
   side are two indicators), its name matches at the measured threshold, and the mention is not
   printed as `New indicator`.
3. A mention without a code is matched by name against the names of the council's indicators that
   plans of the same service print (`Total number of complaints received` means a different thing
   in each service): exactly after normalising (`name_exact`), else fuzzily at or above the measured
   threshold (`name_fuzzy`); what is left starts a new indicator (`new`).

Fuzzy matching scores all of a plan service's mentions at once (`names.alike_pairs`);
the guard against names that differ in kind runs only on the few candidates above the threshold.
Method and score are kept on every mention. Codes printed with unrelated names, and names printed
under two codes, are kept as printed and reported by `pipeline.linking.conflicts`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from pipeline.linking.names import (
    NAME_THRESHOLD,
    alike_pairs,
    differs_in_kind,
    learn_acronyms,
    normalise_name,
)
from pipeline.records import IndicatorRecord, MentionRecord


def _slug(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "unknown").lower()).strip("-")


@dataclass
class _Entry:
    indicator_id: str
    council: str | None
    code: str | None
    codes: list[str] = field(default_factory=list)
    names: Counter = field(default_factory=Counter)
    public: bool = False
    corporate_plan: bool = False
    category: str | None = None
    mentions: int = 0
    periods: set[str] = field(default_factory=set)
    services: set[str] = field(default_factory=set)
    plan_services: set[str] = field(default_factory=set)

    def in_plans_of(self, service: str | None) -> bool:
        """Printed by plans of this service (or by plans of no known service)."""
        return not self.plan_services or any(same_service(s, service) for s in self.plan_services)


@dataclass
class _Council:
    """One council's registry while linking: entries and the indexes used to find them."""

    name: str | None
    acronyms: dict[str, str]
    entries: dict[str, _Entry] = field(default_factory=dict)
    by_code: dict[str, _Entry] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    normalised: dict[str, str] = field(default_factory=dict)

    def normal(self, name: str) -> str:
        if name not in self.normalised:
            self.normalised[name] = normalise_name(name, self.acronyms)
        return self.normalised[name]

    def names_of(self, indicator_ids: set[str]) -> list[str]:
        """The normalised names printed for any of these indicators."""
        return [n for n, ids in self.by_name.items() if any(i in indicator_ids for i in ids)]

    def add_name(self, entry: _Entry, name: str) -> None:
        key = self.normal(name)
        if key and entry.indicator_id not in self.by_name[key]:
            self.by_name[key].append(entry.indicator_id)

    def new_entry(self, code: str | None, name: str, service: str | None = None) -> _Entry:
        """A new indicator, its id from its code, else from its name and the plan service it is
        printed for (each service's `Total number of complaints` is an indicator of its own), so
        that its id does not depend on which other plans were read."""
        if code:
            indicator_id = f"{_slug(self.name)}:{code.lower()}"
        else:
            key = self.normal(name)
            digest = hashlib.sha1(f"{_slug(service)}|{key}".encode()).hexdigest()[:6]
            indicator_id = f"{_slug(self.name)}:name-{_slug(key)[:50]}-{digest}"
        while indicator_id in self.entries:  # two names alike in their first 50 characters and hash
            indicator_id += "-x"
        entry = _Entry(indicator_id, self.name, code, codes=[code] if code else [])
        self.entries[indicator_id] = entry
        if code:
            self.by_code[code.lower()] = entry
        return entry


@dataclass
class _Link:
    indicator_id: str
    method: str
    score: float


def _best(
    council: _Council,
    query: str,
    hits: list[tuple[int, float]],
    names: list[str],
    allowed: set[str] | None,
    service: str | None,
) -> _Link | None:
    """The best candidate at or above the threshold that does not differ in kind from the query.

    Near ties (within a point) prefer an indicator printed in the same unit as the mention.
    """
    found: list[tuple[float, bool, str]] = []
    for j, score in hits:
        if differs_in_kind(query, names[j]):
            continue
        for indicator_id in council.by_name[names[j]]:
            if allowed is not None and indicator_id not in allowed:
                continue
            same_unit = bool(service) and service in council.entries[indicator_id].services
            found.append((score, same_unit, indicator_id))
    if not found:
        return None
    top = max(score for score, _, _ in found)
    near = sorted((f for f in found if f[0] >= top - 1), key=lambda f: (not f[1], -f[0], f[2]))
    score, _, indicator_id = near[0]
    return _Link(
        indicator_id,
        "name_exact"
        if score >= 100 and query in council.by_name and indicator_id in council.by_name[query]
        else "name_fuzzy",
        round(score, 1),
    )


def _hits(queries: list[str], names: list[str]) -> list[list[tuple[int, float]]]:
    """For each query, the (name index, score) of every name at or above the threshold."""
    hits: list[list[tuple[int, float]]] = [[] for _ in queries]
    for i, j, score in alike_pairs(queries, names):
        hits[i].append((j, score))
    return hits


@dataclass(frozen=True)
class PlanInfo:
    """What linking needs to know of the document a mention is printed in."""

    council: str | None = None
    period: str | None = None  # the year the plan is for, YYYY/YY
    service: str | None = None  # the service the whole plan covers


@lru_cache(maxsize=4096)
def same_service(a: str | None, b: str | None) -> bool:
    """Plans of one service, allowing for `&` / `and` and small rewording; unknown matches anything."""
    if not a or not b:
        return True
    return fuzz.token_set_ratio(normalise_name(a), normalise_name(b)) >= 90


def build_registry(
    mentions: list[MentionRecord],
    plans: dict[str, PlanInfo],
) -> tuple[list[IndicatorRecord], list[MentionRecord]]:
    """Link mentions to the registry. `plans` gives each document's council (one registry per
    council), year and service, which cross-year and name linking need."""
    by_council: dict[str | None, list[MentionRecord]] = defaultdict(list)
    for mention in mentions:
        by_council[(plans.get(mention.doc_id) or PlanInfo()).council].append(mention)
    indicators: list[IndicatorRecord] = []
    linked: list[MentionRecord] = []
    for council_name in sorted(by_council, key=lambda c: c or ""):
        council_mentions = by_council[council_name]
        # An acronym defined two ways means what the earliest plan defines it as, whatever the input order.
        in_year_order = sorted(
            council_mentions, key=lambda m: ((plans.get(m.doc_id) or PlanInfo()).period or "", m.doc_id, m.mention_id)
        )
        council = _Council(council_name, learn_acronyms(m.name for m in in_year_order))
        links = _CouncilLinker(council, council_mentions, plans).run()
        for mention in council_mentions:
            link = links[mention.mention_id]
            linked.append(
                mention.model_copy(
                    update={
                        "indicator_id": link.indicator_id,
                        "match_method": link.method,
                        "match_score": link.score,
                    }
                )
            )
        indicators.extend(_indicator_record(e) for e in council.entries.values())
    return indicators, linked


class _CouncilLinker:
    """Links one council's mentions, phase by phase (see the module's docstring)."""

    def __init__(self, council: _Council, mentions: list[MentionRecord], plans: dict[str, PlanInfo]):
        self.council = council
        self.plans = plans
        self.links: dict[str, _Link] = {}
        self.by_doc: dict[str, list[MentionRecord]] = defaultdict(list)
        for mention in sorted(mentions, key=lambda m: m.mention_id):
            self.by_doc[mention.doc_id].append(mention)
        self.docs = sorted(self.by_doc, key=lambda d: (self.plan(d).period or "", d))

    def run(self) -> dict[str, _Link]:
        for doc_id in self.docs:
            self.link_coded(doc_id)
        for service, uncoded in self.uncoded_by_plan_service().items():
            left = self.link_to_known_names(service, uncoded)
            self.link_among_themselves(left, service)
        return self.links

    def plan(self, doc_id: str) -> PlanInfo:
        return self.plans.get(doc_id) or PlanInfo()

    def attach(self, entry: _Entry, mention: MentionRecord, link: _Link) -> None:
        entry.names[mention.name] += 1
        entry.mentions += 1
        entry.public |= mention.public
        entry.corporate_plan |= mention.corporate_plan
        entry.category = entry.category or mention.category
        info = self.plan(mention.doc_id)
        if info.period:
            entry.periods.add(info.period)
        if info.service:
            entry.plan_services.add(info.service)
        if mention.service:
            entry.services.add(mention.service)
        self.council.add_name(entry, mention.name)
        self.links[mention.mention_id] = link

    # Phases 1 and 2: coded mentions, plan by plan in year order.
    def link_coded(self, doc_id: str) -> None:
        coded = [m for m in self.by_doc[doc_id] if m.code_printed]
        codes_here = {m.code_printed.lower() for m in coded}
        for mention in coded:
            code = mention.code_printed.lower()
            entry = self.council.by_code.get(code)
            if entry is not None:
                self.attach(entry, mention, _Link(entry.indicator_id, "code", 100.0))
                continue
            link = self.renumbered(mention, codes_here)
            if link is not None:
                entry = self.council.entries[link.indicator_id]
                entry.codes.append(mention.code_printed)
                self.council.by_code[code] = entry
                self.attach(entry, mention, link)
            else:
                entry = self.council.new_entry(mention.code_printed, mention.name)
                self.attach(entry, mention, _Link(entry.indicator_id, "code", 100.0))

    def renumbered(self, mention: MentionRecord, codes_here: set[str]) -> _Link | None:
        """The indicator of earlier plans that a code never seen before renumbers, if any."""
        info = self.plan(mention.doc_id)
        if not info.period or not mention.name or mention.new_indicator:
            return None
        earlier = {
            e.indicator_id
            for e in self.council.entries.values()
            if e.code
            and e.periods
            and max(e.periods) < info.period
            and e.in_plans_of(info.service)
            and not any(c.lower() in codes_here for c in e.codes)
        }
        if not earlier:
            return None
        names = self.council.names_of(earlier)
        query = self.council.normal(mention.name)
        return _best(self.council, query, _hits([query], names)[0], names, earlier, mention.service)

    # Phase 3: mentions without a code, a plan service at a time.
    def uncoded_by_plan_service(self) -> dict[str | None, list[MentionRecord]]:
        groups: dict[str | None, list[MentionRecord]] = defaultdict(list)
        for doc_id in self.docs:
            groups[self.plan(doc_id).service].extend(m for m in self.by_doc[doc_id] if not m.code_printed)
        return groups

    def link_to_known_names(
        self, service: str | None, uncoded: list[MentionRecord]
    ) -> list[tuple[MentionRecord, str]]:
        """Links each mention to an indicator whose name plans of the same service print; returns
        the mentions left, with their normalised names."""
        council = self.council
        allowed = {e.indicator_id for e in council.entries.values() if e.in_plans_of(service)}
        names = council.names_of(allowed)
        queries = [council.normal(m.name) for m in uncoded]
        hits = _hits(queries, names)
        left: list[tuple[MentionRecord, str]] = []
        for i, mention in enumerate(uncoded):
            candidates = allowed
            if mention.new_indicator:  # never an indicator of an earlier plan
                period = self.plan(mention.doc_id).period
                candidates = {
                    c
                    for c in allowed
                    if not council.entries[c].periods or period in council.entries[c].periods
                }
            exact = [c for c in council.by_name.get(queries[i], []) if c in candidates]
            if exact:
                self.attach(council.entries[exact[0]], mention, _Link(exact[0], "name_exact", 100.0))
                continue
            link = _best(council, queries[i], hits[i], names, candidates, mention.service)
            if link:
                self.attach(council.entries[link.indicator_id], mention, link)
            else:
                left.append((mention, queries[i]))
        return left

    def link_among_themselves(self, left: list[tuple[MentionRecord, str]], service: str | None) -> None:
        """What matched nothing known: repeats and fuzzy variants of each other form new indicators."""
        fresh: dict[str, _Entry] = {}  # normalised name -> the indicator it started
        for mention, query in left:
            if query in fresh:
                entry = fresh[query]
                self.attach(entry, mention, _Link(entry.indicator_id, "name_exact", 100.0))
                continue
            best = process.extractOne(query, list(fresh), scorer=fuzz.token_sort_ratio, score_cutoff=NAME_THRESHOLD)
            if best and not differs_in_kind(query, best[0]):
                entry = fresh[best[0]]
                self.attach(entry, mention, _Link(entry.indicator_id, "name_fuzzy", round(best[1], 1)))
                continue
            entry = self.council.new_entry(None, mention.name, service)
            self.attach(entry, mention, _Link(entry.indicator_id, "new", 100.0))
            fresh[query] = entry


def _name_of(entry: _Entry) -> str:
    """The most common printed name; the code stands for it where every mention printed the code alone."""
    named = Counter({name: n for name, n in entry.names.items() if name.strip()})
    return named.most_common(1)[0][0] if named else (entry.code or "")


def _indicator_record(entry: _Entry) -> IndicatorRecord:
    return IndicatorRecord(
        indicator_id=entry.indicator_id,
        council=entry.council,
        code=entry.code,
        name=_name_of(entry),
        public=entry.public,
        corporate_plan=entry.corporate_plan,
        category=entry.category,
        aliases=sorted(entry.names),
        mentions=entry.mentions,
        codes=list(entry.codes),
    )
