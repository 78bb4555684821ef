"""Ids of findings, conflicts and indicators come from what they are about, not from what else was read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from extractors.indicator_rows import mention_record
from pipeline.build import build
from pipeline.checking.common import finding
from pipeline.linking.mentions import parse_mention
from pipeline.linking.registry import PlanInfo, build_registry

RAW = Path(__file__).resolve().parent.parent / "raw"
WEST_LOTHIAN = ["000_c2003f9b50c7b217.txt", "001_00d04f93583155c1.txt"]
COUNCIL = "West Lothian Council"


def copy_raw(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True)
    (folder / "sources.yml").write_bytes((RAW / "sources.yml").read_bytes())
    for name in names:
        (folder / name).write_bytes((RAW / name).read_bytes())
    return folder


def ids(db_path: Path) -> dict[str, set[tuple]]:
    """Findings and conflicts by id, each with the documents it is about."""
    with sqlite3.connect(db_path) as conn:
        return {
            "findings": set(conn.execute('SELECT finding_id, "check", doc_id, subject FROM findings')),
            "conflicts": set(conn.execute("SELECT conflict_id, kind, code, doc_ids FROM indicator_conflicts")),
            "indicators": set(conn.execute("SELECT mention_id, indicator_id FROM indicator_mentions")),
        }


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict, set[str]]:
    """The two West Lothian plans alone, and with the three plans of other councils beside them."""
    tmp = tmp_path_factory.mktemp("ids")
    alone = copy_raw(tmp / "alone", WEST_LOTHIAN)
    every = copy_raw(tmp / "every", sorted(p.name for p in RAW.glob("*.txt")))
    build([alone], tmp / "alone.db", exports=False, use_cache=False)
    build([every], tmp / "every.db", exports=False, use_cache=False)
    with sqlite3.connect(tmp / "alone.db") as conn:
        docs = {d for (d,) in conn.execute("SELECT doc_id FROM documents")}
    return ids(tmp / "alone.db"), ids(tmp / "every.db"), docs


def test_findings_of_the_same_plans_keep_their_ids_when_other_plans_are_added(two_builds):
    alone, every, docs = two_builds
    assert len(alone["findings"]) == 28  # as `plans check` counts them: 10 in 000, 18 in 001
    assert alone["findings"] == {f for f in every["findings"] if f[2] in docs}


def test_conflicts_and_indicators_keep_their_ids_when_other_plans_are_added(two_builds):
    alone, every, _docs = two_builds
    assert {c[2] for c in alone["conflicts"]} == {"CPU019", "ITS079", "CPU007", "LS058", "BUSMT015",
                                                  "BUSMT016", "HQSARC25", "HQSPC026"}
    assert alone["conflicts"] <= every["conflicts"]
    assert alone["indicators"] <= every["indicators"]


def mention(doc_id: str, line: int, printed: str):
    return mention_record(parse_mention(printed), f"{doc_id}-L{line:05d}", "scorecard", None,
                          doc_id=doc_id, line=line)


def test_an_uncoded_indicator_keeps_its_id_when_another_service_prints_the_same_name():
    # each service's complaints are an indicator of its own; the first plan read used to take the
    # bare id and the other got a suffix, so adding a plan renamed an indicator of another service
    housing = {"b": PlanInfo(COUNCIL, "2021/22", "Housing")}
    both = housing | {"a": PlanInfo(COUNCIL, "2020/21", "Legal Services")}
    complaints = mention("b", 10, "Total number of complaints received")
    [alone], _ = build_registry([complaints], housing)
    indicators, linked = build_registry([mention("a", 10, "Total number of complaints received"), complaints],
                                        both)
    assert len(indicators) == 2
    assert next(m.indicator_id for m in linked if m.doc_id == "b") == alone.indicator_id


def test_a_finding_about_thousands_of_rows_has_a_short_id():
    key = "+".join(f"0123456789ab-L{n:05d}" for n in range(20000))
    found = finding("activity_in_two_units", key, "warning", "0123456789ab", "Service support", "message")
    assert found.finding_id == finding("activity_in_two_units", key, "warning", None, "x", "y").finding_id
    assert len(found.finding_id) == len("activity_in_two_units:") + 16
