"""Linking mentions into one registry per council, across tables, plans and years; conflicts reported."""

import json
import sqlite3
from pathlib import Path

import pytest

from extractors.indicator_rows import mention_record
from pipeline.build import build
from pipeline.linking.conflicts import registry_conflicts
from pipeline.linking.mentions import parse_mention
from pipeline.linking.registry import PlanInfo, build_registry

CROSS_YEAR = Path(__file__).parent / "fixtures" / "cross_year"
COUNCIL = "West Lothian Council"


def mention(doc_id: str, line: int, printed: str, service: str | None = None, source: str = "scorecard"):
    return mention_record(parse_mention(printed), f"{doc_id}-L{line:05d}", source, service,
                          doc_id=doc_id, line=line)


def link(mentions, plans):
    indicators, linked = build_registry(mentions, plans)
    return indicators, {m.mention_id: m for m in linked}


def test_code_links_across_tables_and_prefixes():
    # 000 lines 519 (activity budget) and 783 (scorecard): one code, two wordings
    plans = {"a": PlanInfo(COUNCIL, "2020/21", "Corporate Services")}
    indicators, linked = link(
        [
            mention(
                "a",
                519,
                "CPU018_Cost of the Corporate Procurement Unit per £1 million of West Lothian Council's "
                "net expenditure. Target: £1,788",
                source="activity_budget",
            ),
            mention(
                "a",
                783,
                "P:CPU018_ Cost of the Corporate Procurement Service per £1 million of West Lothian "
                "Council's net revenue expenditure.",
            ),
        ],
        plans,
    )
    assert len(indicators) == 1
    assert {m.indicator_id for m in linked.values()} == {"west-lothian-council:cpu018"}
    assert indicators[0].public and len(indicators[0].aliases) == 2


def test_name_without_code_links_to_the_coded_indicator():
    # 001 lines 696 and 803: the CSC acronym spelled out in one table only
    plans = {"b": PlanInfo(COUNCIL, "2021/22", "Housing, Customer & Building Services")}
    _, linked = link(
        [
            mention("b", 803, "P:CSC080_9a.1a Unit cost of each Customer Service Centre (CSC) call."),
            mention("b", 900, "Unit cost of each CSC call"),
        ],
        plans,
    )
    assert linked["b-L00900"].indicator_id == "west-lothian-council:csc080"
    assert linked["b-L00900"].match_method == "name_exact"


def test_generic_name_does_not_cross_services():
    # `Total number of complaints received` (000 line 786) means Corporate Communications' complaints
    plans = {
        "a": PlanInfo(COUNCIL, "2020/21", "Corporate Services"),
        "b": PlanInfo(COUNCIL, "2021/22", "Housing, Customer & Building Services"),
    }
    _, linked = link(
        [
            mention("a", 786, "CC013_ Total number of complaints received"),
            mention("b", 10, "Total number of complaints received"),
        ],
        plans,
    )
    assert linked["b-L00010"].match_method == "new"


def test_two_codes_printed_together_stay_two_indicators_and_are_reported():
    # 000 lines 357 and 359: one name under ITS079 and ITS63 in one plan; gold keeps both
    plans = {"a": PlanInfo(COUNCIL, "2020/21", "Corporate Services")}
    indicators, linked = link(
        [
            mention("a", 357, "ITS079_Percentage of faults resolved at first point of contact Target: 50%"),
            mention("a", 359, "ITS63_Percentage of faults resolved at first point of contact Target: 50%"),
        ],
        plans,
    )
    assert sorted(i.code for i in indicators) == ["ITS079", "ITS63"]
    conflicts = registry_conflicts(indicators, linked.values())
    assert [(c.kind, c.code, c.other_code) for c in conflicts] == [("name_with_two_codes", "ITS079", "ITS63")]
    assert conflicts[0].mention_ids == ["a-L00357", "a-L00359"]


def test_two_unlike_names_each_printed_under_the_same_two_codes_are_two_conflicts_with_two_ids():
    plans = {"a": PlanInfo(COUNCIL, "2020/21", "Corporate Services")}
    indicators, linked = link(
        [
            mention("a", 357, "ITS079_Percentage of faults resolved at first point of contact"),
            mention("a", 359, "ITS63_Percentage of faults resolved at first point of contact"),
            mention("a", 361, "ITS079_Number of library books issued"),
            mention("a", 363, "ITS63_Number of library books issued"),
        ],
        plans,
    )
    # each code also prints two unrelated names (two code_with_two_names rows); the two groups of
    # names under both codes are two rows of their own
    conflicts = [c for c in registry_conflicts(indicators, linked.values()) if c.kind == "name_with_two_codes"]
    assert [(c.code, c.other_code) for c in conflicts] == [("ITS079", "ITS63")] * 2
    assert sorted(c.name for c in conflicts) == ["Number of library books issued",
                                                 "Percentage of faults resolved at first point of contact"]
    assert len({c.conflict_id for c in conflicts}) == 2


def test_code_with_unrelated_names_is_reported():
    # 001 lines 279 and 505: BUSMT015 is a cost in one table and a time in the other
    plans = {"b": PlanInfo(COUNCIL, "2021/22", "Housing, Customer & Building Services")}
    indicators, linked = link(
        [
            mention("b", 279, "BUSMT015_Average cost of housing emergency repair Target: £70"),
            mention("b", 505, "BUSMT015_Average length of time to complete emergency repair Target: 4 hours"),
            # 000 lines 519 and 783 for contrast: reworded, not unrelated
            mention(
                "b",
                519,
                "CPU018_Cost of the Corporate Procurement Unit per £1 million of West Lothian Council's "
                "net expenditure.",
            ),
            mention(
                "b",
                783,
                "P:CPU018_ Cost of the Corporate Procurement Service per £1 million of West Lothian "
                "Council's net revenue expenditure.",
            ),
        ],
        plans,
    )
    assert len(indicators) == 2  # both mentions kept under their code
    conflicts = registry_conflicts(indicators, linked.values())
    assert [(c.kind, c.code, c.name, c.other_name) for c in conflicts] == [
        (
            "code_with_two_names",
            "BUSMT015",
            "Average cost of housing emergency repair",
            "Average length of time to complete emergency repair",
        )
    ]


def test_printed_new_indicator_is_never_linked_to_an_older_one():
    plans = {"a": PlanInfo(COUNCIL, "2020/21", "Housing"), "b": PlanInfo(COUNCIL, "2021/22", "Housing")}
    _, linked = link(
        [
            mention(
                "a", 1, "HQS080_ Number of resolved antisocial behaviour cases within locally agreed targets"
            ),
            mention(
                "b",
                88,
                "New indicator HQS083_ 9b Number of resolved antisocial behaviour cases within locally "
                "agreed targets",
            ),
        ],
        plans,
    )
    assert linked["b-L00088"].indicator_id == "west-lothian-council:hqs083"


# The next year's plan (tests/fixtures/cross_year/corporate_services_2021_22.txt) is the 2020/21
# scorecard of the seed (000 lines 762-788) with names reworded, codes dropped, prefixes and
# categories changed, HRS310 and LS111 renumbered, and three indicators that did not exist.
# Each 2021/22 row -> the 2020/21 code it must link to, or None for a brand-new indicator.
EXPECTED = {
    "The percentage of internal customers": "HRS516",
    "CP:HRS550_": "HRS550",
    "P:HRS500_6b.3": "HRS500",
    "HRS320_": "HRS310",
    "HRS560_": None,
    "Percentage of Payroll Services customers": None,
    "Annual percentage of Information Technology": "ITS008",
    "ITS010d_": "ITS010d",
    "Total cost of IT services per £1million of WLC's": "ITS072",
    "P:ITS085_": "ITS085",
    "ITS101_": None,
    "Percentage of Legal Services customers": "LS021",
    "LS087_6b.3_": "LS087",
    "P:LS120_": "LS111",
    "Percentage of Debt Recovery": "LS116",
    "PIS007_": "PIS007",
    "Total number of complaints received by Performance": "PIS010",
    "CP: PIS024": "PIS024",
    "Average ranking": "PIS223",
    "Percentage of internal customers who rated the overall quality of the service provided": "CPU007",
    "CPU047_": "CPU047",
    "P:CPU018_": "CPU018",
    "P:CPU019_": "CPU019",
    "Percentage of Corporate Communications": "CC007",
    "CC013_": "CC013",
    "Cost of Corporate Communications": "CC090",
    "CP: CC084": "CC084",
}


@pytest.fixture(scope="module")
def cross_year_db(tmp_path_factory) -> sqlite3.Connection:
    db_path = tmp_path_factory.mktemp("cross_year") / "plans.db"
    report = build([CROSS_YEAR], db_path, exports=False)
    assert report.documents == 2 and not report.failed
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    return conn


def test_next_year_plan_links_to_last_year(cross_year_db):
    last_year = {
        r["code"]: r["indicator_id"]
        for r in cross_year_db.execute(
            "SELECT DISTINCT i.code, i.indicator_id FROM indicators i JOIN indicator_mentions m USING "
            "(indicator_id) "
            "JOIN documents d USING (doc_id) WHERE d.period = '2020/21'"
        )
    }
    assert len(last_year) == 24
    rows = cross_year_db.execute(
        "SELECT m.text, m.indicator_id, m.match_method FROM indicator_mentions m JOIN documents d USING "
        "(doc_id) "
        "WHERE d.period = '2021/22' ORDER BY m.line"
    ).fetchall()
    assert len(rows) == len(EXPECTED) == 27
    right, new_linked_to_old = 0, []
    for row in rows:
        start = next(s for s in EXPECTED if row["text"].startswith(s))
        expected = EXPECTED[start]
        if expected is None:
            if row["indicator_id"] in last_year.values():
                new_linked_to_old.append(row["text"])
            else:
                right += 1
        elif row["indicator_id"] == last_year[expected]:
            right += 1
    assert new_linked_to_old == []
    assert right / len(rows) >= 0.95


def test_renumbered_indicator_keeps_both_codes(cross_year_db):
    row = cross_year_db.execute(
        "SELECT i.code, i.codes, m.match_method FROM indicator_mentions m JOIN indicators i USING "
        "(indicator_id) "
        "WHERE m.code_printed = 'LS120'"
    ).fetchone()
    assert (row["code"], json.loads(row["codes"]), row["match_method"]) == (
        "LS111",
        ["LS111", "LS120"],
        "name_exact",
    )


def test_indicator_series_follows_one_indicator_across_years(cross_year_db):
    rows = cross_year_db.execute(
        "SELECT code, period, actual, target, plan_period FROM indicator_series "
        "WHERE indicator_id = 'west-lothian-council:ls111' ORDER BY plan_period, period"
    ).fetchall()
    # 000 line 772: £2,585 / £2,585 / ** ; next year: £2,600 / ** / £2,600
    assert [tuple(r) for r in rows] == [
        ("LS111", "2019/20", 2585.0, 2585.0, "2020/21"),
        ("LS111", "2020/21", None, None, "2020/21"),
        ("LS111", "2020/21", 2600.0, None, "2021/22"),
        ("LS111", "2021/22", None, 2600.0, "2021/22"),
    ]


def test_linking_does_not_depend_on_input_order():
    plans = {
        "a": PlanInfo(COUNCIL, "2020/21", "Corporate Services"),
        "b": PlanInfo(COUNCIL, "2021/22", "Corporate Services"),
    }
    mentions = [
        mention("a", 772, "P:LS111_Cost of Legal Services per £1m Budget Expenditure"),
        mention("a", 771, "LS087_ Total number of complaints received by Legal Services"),
        mention("b", 14, "P:LS120_Cost of Legal Services per £1 million Budget Expenditure"),
        mention("b", 13, "Total number of complaints received by Legal Services."),
    ]
    forward = link(mentions, plans)
    backward = link(list(reversed(mentions)), plans)
    assert forward[1] == backward[1]
    assert sorted(i.indicator_id for i in forward[0]) == sorted(i.indicator_id for i in backward[0])
    assert {m.indicator_id for m in forward[1].values()} == {
        "west-lothian-council:ls111",
        "west-lothian-council:ls087",
    }


def test_mentions_without_words_do_not_stop_the_registry():
    # two scorecard cells printing `-` and `*` where a name should be, beside a real name
    plans = {"a": PlanInfo(COUNCIL, "2020/21", "Corporate Services")}
    indicators, linked = link(
        [mention("a", 10, "-"), mention("a", 11, "*"), mention("a", 12, "Number of complaints received")], plans
    )
    assert len(linked) == 3
    assert {i.indicator_id for i in indicators} == {m.indicator_id for m in linked.values()}
    assert linked["a-L00012"].match_method == "new"


def test_an_indicator_printed_by_its_code_alone_is_named_by_a_printed_name_or_its_code():
    # 001 line 83: `P:HQSARC20.2 9b`, the name of the indicator printed on the next line
    plans = {"a": PlanInfo(COUNCIL, "2021/22", "Housing, Customer & Building Services"),
             "b": PlanInfo(COUNCIL, "2022/23", "Housing, Customer & Building Services")}
    indicators, _ = link([mention("a", 83, "P:HQSARC20.2 9b")], plans)
    assert [(i.code, i.name) for i in indicators] == [("HQSARC20.2", "HQSARC20.2")]
    indicators, _ = link(
        [mention("a", 83, "P:HQSARC20.2 9b"), mention("b", 90, "HQSARC20.2_Percentage of new tenancies sustained")],
        plans,
    )
    assert [(i.code, i.name) for i in indicators] == [("HQSARC20.2", "Percentage of new tenancies sustained")]
