"""The registry takes any mentions: every one is linked exactly once, whatever the order of the documents.

Names are drawn to collide on purpose (a small vocabulary, case and punctuation variants, acronyms
defined two ways), beside empty, punctuation-only, very long and arbitrary text; codes with and
without names, in any case; several councils, periods and services, and documents no plan describes.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.linking.registry import PlanInfo, build_registry
from pipeline.records import MentionRecord

WORDS = ["number", "of", "complaints", "Complaints", "received", "per", "£1m", "£1 million", "the",
         "HR", "human resources", "non", "repairs", "services", "service", "&", "and", "CSC",
         "Customer Service Centre (CSC)", "Council Service Centre (CSC)", "calls", "within", "5 days"]

names = st.one_of(
    st.sampled_from(["", " ", "-", "*", "...", "–", "%", "£", "(", "N/A"]),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join),
    st.text(max_size=40),
    st.lists(st.sampled_from(WORDS), min_size=60, max_size=120).map(" ".join),
)
codes = st.one_of(st.none(), st.sampled_from(["AB1", "ab1", "CD22", "CD22a", "PI001", "RPI001", "X9"]))
mentions = st.tuples(codes, names, st.booleans(), st.sampled_from([None, "Housing", "Finance"]))
plans = st.tuples(
    st.sampled_from([None, "Council A", "Council B", "Council C"]),
    st.sampled_from([None, "2019/20", "2020/21", "2021/22"]),
    st.sampled_from([None, "Housing Services", "Housing & Services", "Corporate Services"]),
    st.booleans(),  # whether the plan is known to the build at all
)
documents = st.lists(st.tuples(plans, st.lists(mentions, max_size=12)), min_size=1, max_size=8)


def as_input(docs) -> tuple[list[MentionRecord], dict[str, PlanInfo]]:
    records: list[MentionRecord] = []
    known: dict[str, PlanInfo] = {}
    for n, ((council, period, service, is_known), printed) in enumerate(docs):
        doc_id = f"d{n}"
        if is_known:
            known[doc_id] = PlanInfo(council, period, service)
        for line, (code, name, new, unit) in enumerate(printed, start=1):
            records.append(
                MentionRecord(
                    doc_id=doc_id, line=line, mention_id=f"{doc_id}-L{line:05d}-i0", text=f"{code or ''} {name}",
                    code_printed=code, name=name, source="scorecard", service=unit, new_indicator=new,
                )
            )
    return records, known


def links(linked: list[MentionRecord]) -> dict[str, tuple[str | None, str | None, float | None]]:
    return {m.mention_id: (m.indicator_id, m.match_method, m.match_score) for m in linked}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.randoms(use_true_random=False))
def test_every_mention_is_linked_once_whatever_the_order_of_documents(docs, rng):
    records, known = as_input(docs)
    indicators, linked = build_registry(records, known)

    assert sorted(m.mention_id for m in linked) == sorted(m.mention_id for m in records)
    ids = Counter(i.indicator_id for i in indicators)
    assert all(count == 1 for count in ids.values())
    assert all(m.indicator_id in ids and m.match_method for m in linked)
    per_indicator = Counter(m.indicator_id for m in linked)
    assert {i.indicator_id: i.mentions for i in indicators} == dict(per_indicator)
    councils = {i.indicator_id: i.council for i in indicators}
    assert all(councils[m.indicator_id] == known.get(m.doc_id, PlanInfo()).council for m in linked)

    by_doc: dict[str, list[MentionRecord]] = {}
    for record in records:
        by_doc.setdefault(record.doc_id, []).append(record)
    groups = list(by_doc.values())
    rng.shuffle(groups)
    records_again = [r for group in groups for r in reversed(group)]
    indicators_again, linked_again = build_registry(records_again, known)
    assert links(linked_again) == links(linked)
    assert sorted(i.model_dump_json() for i in indicators_again) == sorted(i.model_dump_json() for i in indicators)
