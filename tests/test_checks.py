"""Consistency checks: the real discrepancies of the seed plans, and tables that add up staying quiet.

Figures are as printed in raw/000 (Corporate Services Management Plan 2020/21) and raw/001
(Housing, Customer & Building Services Management Plan 2021/22).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from pipeline.checking import run_checks
from pipeline.checking.budgets import activity_in_two_units, budget_totals, row_arithmetic, staff_numbers
from pipeline.checking.targets import target_conflicts, targets_in_next_plan
from pipeline.checking.trends import direction, trend_marks
from pipeline.cli import cli
from pipeline.publishing import database
from pipeline.publishing.queries import FINDING_EVIDENCE, FINDINGS, FINDINGS_SUMMARY
from pipeline.records import (
    ActionRecord,
    ActivityRecord,
    BudgetTotalRecord,
    DocumentRecord,
    MeasurementRecord,
    Record,
    ServiceRecord,
)

RAW = Path(__file__).resolve().parent.parent / "raw"
CORPORATE = "000_c2003f9b50c7b217.txt"
HOUSING = "001_00d04f93583155c1.txt"


@pytest.fixture(scope="session")
def seeds_db(seeds_build: Path) -> Path:
    """The database built from the seed plans, once for the whole session; checks ran in the build."""
    return seeds_build


@pytest.fixture(scope="session")
def seed_findings(seeds_db: Path) -> list[dict]:
    db = sqlite_utils.Database(seeds_db)
    found = [dict(row, evidence=json.loads(row["evidence"]))
             for row in db.query("SELECT f.*, d.source_file FROM findings f "
                                 "LEFT JOIN documents d ON d.doc_id = f.doc_id ORDER BY f.finding_id")]
    db.close()
    return found


def pick(findings: list[dict], check: str, source_file: str) -> list[dict]:
    return [f for f in findings if f["check"] == check and f["source_file"] == source_file]


def lines_of(found: dict, table: str) -> set[int]:
    return {e["line"] for e in found["evidence"] if e["table"] == table}


def make_db(records: list[Record]) -> sqlite_utils.Database:
    db = sqlite_utils.Database(memory=True)
    database.create_tables(db)
    database.insert(db, records)
    return db


# --- the seeds ------------------------------------------------------------------------------------

def test_cpu019_has_two_targets_in_the_corporate_services_plan(seed_findings):
    conflicts = pick(seed_findings, "target_conflict", CORPORATE)
    [found] = [f for f in conflicts if f["subject"].startswith("CPU019")]
    assert found["severity"] == "warning"
    assert "93% (alignment table line 71; scorecard line 784)" in found["message"]
    assert "94% (activity budget line 517)" in found["message"]
    assert lines_of(found, "measurements") == {71, 517, 784}


def test_stated_staff_differ_from_the_budget_fte(seed_findings):
    [found] = pick(seed_findings, "staff_numbers", HOUSING)
    assert found["subject"].startswith("Performance and Change")
    assert (found["expected"], found["actual"]) == ("15.17 FTE", "24.6 FTE")
    assert lines_of(found, "services") == {383}
    assert lines_of(found, "budget_totals") == {446}
    assert pick(seed_findings, "staff_numbers", CORPORATE) == []  # all six units agree with their budgets


def test_activity_budgeted_under_two_units(seed_findings):
    [found] = pick(seed_findings, "activity_in_two_units", HOUSING)
    assert found["subject"] == "Tenant Participation - Encourage and Promote tenant participation"
    assert "Housing Operations (line 289); Performance and Change (line 437)" in found["message"]
    assert "9.5 FTE, expenditure £654,986, income (£654,986) and net £0" in found["message"]
    assert lines_of(found, "activities") == {289, 437}


def test_total_rows_printing_income_without_parentheses_are_info(seed_findings):
    totals = pick(seed_findings, "budget_total", HOUSING)
    signs = {next(iter(lines_of(f, "budget_totals"))): f
             for f in totals if f["finding_id"].endswith("income_sign")}
    assert sorted(signs) == [300, 446, 584]
    assert all(f["severity"] == "info" for f in signs.values())
    assert (signs[300]["expected"], signs[300]["actual"]) == ("(£29,447,196)", "£29,447,196")
    assert (signs[446]["expected"], signs[446]["actual"]) == ("(£2,259,099)", "£2,259,099")
    assert (signs[584]["expected"], signs[584]["actual"]) == ("(£3,716,604)", "£3,716,604")
    # the sign is reported apart from real differences: no income mismatch on those totals
    assert not [f for f in totals if f["finding_id"].endswith(":income")]


def test_a_row_whose_net_is_not_expenditure_plus_income(seed_findings):
    errors = [f for f in pick(seed_findings, "row_arithmetic", HOUSING) if f["severity"] == "error"]
    [found] = errors
    # Homelessness prevention: 819,818 less 16,441, printed as 830,377
    assert lines_of(found, "activities") == {576}
    assert (found["expected"], found["actual"]) == ("£803,377", "£830,377")
    # the Total: (3,788,411) agrees with the corrected row, so the total's difference is a note pointing at it
    [net_total] = [f for f in pick(seed_findings, "budget_total", HOUSING)
                   if f["finding_id"].endswith(":net") and 584 in lines_of(f, "budget_totals")]
    assert net_total["severity"] == "info"
    assert (net_total["expected"], net_total["actual"]) == ("£3,815,411", "£3,788,411")


def test_net_printed_without_parentheses_is_a_sign_note(seed_findings):
    rows = pick(seed_findings, "row_arithmetic", HOUSING)
    [found] = [f for f in rows if f["finding_id"].endswith("net_sign")]
    assert found["severity"] == "info"
    assert lines_of(found, "activities") == {643}  # Registration Service: 222,244 - 282,000
    assert (found["expected"], found["actual"]) == ("(£59,756)", "£59,756")


def test_the_corporate_services_budgets_add_up_but_for_rounding(seed_findings):
    found = pick(seed_findings, "budget_total", CORPORATE) + pick(seed_findings, "row_arithmetic", CORPORATE)
    [hr] = found  # HR and Support Services: rows of 9.3 ... 0.3 FTE make 50.3, the Total: prints 50.2
    assert hr["severity"] == "info"
    assert (hr["expected"], hr["actual"]) == ("50.3 FTE", "50.2 FTE")
    assert lines_of(hr, "budget_totals") == {250}


def test_one_code_for_a_cost_and_a_time(seed_findings):
    found = {f["subject"]: f for f in pick(seed_findings, "code_names", HOUSING)}
    busmt015 = found["Indicator code BUSMT015"]
    assert "'Average cost of housing emergency repair'" in busmt015["message"]
    assert "'Average length of time to complete emergency repair'" in busmt015["message"]
    assert lines_of(busmt015, "indicator_mentions") == {279, 505}


def test_one_name_under_two_codes(seed_findings):
    found = {f["actual"]: f for f in pick(seed_findings, "code_names", CORPORATE)}
    assert found["ITS079, ITS63"]["severity"] == "warning"
    assert found["LS058, LS116"]["severity"] == "warning"
    assert found["CPU007, CPU007a"]["severity"] == "info"  # a trailing letter only
    foi = {f["actual"]: f for f in pick(seed_findings, "code_names", HOUSING)}["HQSPC026, HQSPC036"]
    assert lines_of(foi, "indicator_mentions") == {439, 784}


def test_a_reworded_code_is_only_a_note(seed_findings):
    cpu019 = [f for f in pick(seed_findings, "code_names", CORPORATE) if f["subject"] == "Indicator code CPU019"]
    assert cpu019 and all(f["severity"] == "info" for f in cpu019)


def test_scorecard_marks_of_the_corporate_plan_agree_with_their_figures(seeds_db):
    db = sqlite_utils.Database(seeds_db)
    marked = db.execute("SELECT COUNT(*) FROM measurements WHERE assessment IS NOT NULL AND doc_id IN "
                        "(SELECT doc_id FROM documents WHERE source_file = ?)", [CORPORATE]).fetchone()[0]
    assert marked == 12
    assert trend_marks(db) == []


def test_actions_that_ended_before_the_plan_year(seed_findings):
    found = pick(seed_findings, "action_dates", CORPORATE)
    assert {next(iter(lines_of(f, "actions"))) for f in found} == {280, 624}
    assert all(f["severity"] == "info" and "March 2020" in f["message"] for f in found)


def test_every_finding_points_at_rows_that_exist(seeds_db, seed_findings):
    db = sqlite_utils.Database(seeds_db)
    assert len({f["finding_id"] for f in seed_findings}) == len(seed_findings)
    for f in seed_findings:
        assert f["evidence"], f["finding_id"]
        for item in f["evidence"]:
            pk = database.MODEL_BY_TABLE[item["table"]].pk
            row = db[item["table"]].get(item["id"])
            assert row[pk] == item["id"] and row["line"] == item["line"]


def test_checks_give_the_same_findings_when_run_again(seeds_db, seed_findings):
    again = {f.finding_id: f.model_dump() for f in run_checks(sqlite_utils.Database(seeds_db))}
    stored = {f["finding_id"]: f for f in seed_findings}
    assert sorted(again) == sorted(stored)
    for finding_id, found in again.items():
        assert found == {k: stored[finding_id][k] for k in found}


def test_canned_queries_run_on_the_built_database(seeds_db, seed_findings):
    db = sqlite_utils.Database(seeds_db)
    everything = list(db.query(FINDINGS.sql, {"doc_id": "", "severity": "", "check": ""}))
    assert len(everything) == len(seed_findings)
    staff = list(db.query(FINDINGS.sql, {"doc_id": "", "severity": "", "check": "staff_numbers"}))
    assert [r["document"] for r in staff] == ["Housing, Customer & Building Services Management Plan 2021/22"]
    summary = {(r["doc_id"], r["check"]): r for r in db.query(FINDINGS_SUMMARY.sql)}
    assert sum(r["errors"] + r["warnings"] + r["notes"] for r in summary.values()) == len(seed_findings)
    rows = list(db.query(FINDING_EVIDENCE.sql, {"finding_id": staff[0]["link"].removeprefix("findings/")}))
    assert [(r["table"], r["line"]) for r in rows] == [("services", 383), ("budget_totals", 446)]
    assert rows[0]["link"] == "services/" + rows[0]["row_id"]
    assert not [f for f in seed_findings if "/" in f["finding_id"]]  # ids sit in URL paths


def test_plans_check_prints_findings_by_plan_and_fails_on_errors(seeds_db):
    result = CliRunner().invoke(cli, ["check", "--db", str(seeds_db)])
    assert result.exit_code == 1  # the Homelessness prevention row does not add up
    out = result.output
    assert out.index("Corporate Services Management Plan 2020/21") < out.index(
        "Housing, Customer & Building Services Management Plan 2021/22")
    assert "The unit's header states 15.17 FTE staff, but its activity budget adds up to 24.6 FTE" in out
    assert "Errors: figures in the plan that contradict each other" in out


# --- small databases ------------------------------------------------------------------------------

DOC = DocumentRecord(doc_id="aaaaaaaaaaaa", source_file="plan.txt", format="text", council="A Council",
                     title="A Plan 2020/21", period="2020/21")
# The IT Services activity budget of raw/000 (lines 349-361), as printed.
IT_ROWS = [
    ("Corporate IT Strategy and Support", 3.25, 362501, -30579, 331922),
    ("Service Project Management", 7.75, 786652, -66358, 720294),
    ("Information Systems Development and Support", 13.25, 1021311, -86153, 935157),
    ("Infrastructure Development and Support", 20.25, 1939380, -255922, 1683458),
    ("Service Support", 0.8, 136977, 0, 136977),
]
IT_TOTAL = (45.3, 4246820, -439012, 3807808)


def it_budget(rows=IT_ROWS, total=IT_TOTAL, staff=45.3) -> list[Record]:
    records: list[Record] = [DOC, ServiceRecord(doc_id=DOC.doc_id, service_id="u", name="IT Services",
                                                staff_fte=staff, line=300)]
    for i, (name, fte, exp, inc, net) in enumerate(rows):
        records.append(ActivityRecord(doc_id=DOC.doc_id, activity_id=f"a{i}", service="IT Services",
                                      activity=name, fte=fte, expenditure=exp, income=inc, net=net,
                                      line=349 + i))
    fte, exp, inc, net = total
    records.append(BudgetTotalRecord(doc_id=DOC.doc_id, total_id="t", service="IT Services", fte=fte,
                                     expenditure=exp, income=inc, net=net, line=361))
    return records


BUDGET_CHECKS = [row_arithmetic, budget_totals, staff_numbers, activity_in_two_units]


def test_a_budget_that_adds_up_has_no_findings():
    db = make_db(it_budget())  # expenditure rows make 4,246,821 against 4,246,820: within £1
    assert [f for check in BUDGET_CHECKS for f in check(db)] == []


def test_a_budget_that_does_not_add_up_is_an_error():
    rows = [*IT_ROWS[:4], ("Service Support", 0.8, 146977, 0, 146977)]
    found = budget_totals(make_db(it_budget(rows=rows)))
    assert [(f.finding_id, f.severity, f.expected, f.actual) for f in found] == [
        ("budget_total:t:expenditure", "error", "£4,256,821", "£4,246,820"),
        ("budget_total:t:net", "error", "£3,817,808", "£3,807,808"),
    ]


def test_stated_staff_are_compared_with_the_total():
    [found] = staff_numbers(make_db(it_budget(staff=44.3)))
    assert (found.expected, found.actual) == ("44.3 FTE", "45.3 FTE")


def target(doc: DocumentRecord, line: int, source: str, period: str, number: float, unit: str = "%",
           name: str = "Percentage of enquiries resolved at first point of contact") -> MeasurementRecord:
    return MeasurementRecord(doc_id=doc.doc_id, measurement_id=f"{doc.doc_id}-{line}-{period}",
                             mention_id=f"{doc.doc_id}-{line}", source=source, indicator_id="a:x1", code="X1",
                             indicator_name=name, period=period, measure="target", value=number, unit=unit,
                             raw=f"{number}{unit}", line=line)


def test_a_target_changed_in_the_next_plans_scorecard():
    later = DocumentRecord(doc_id="bbbbbbbbbbbb", source_file="next.txt", format="text", council="A Council",
                           title="A Plan 2021/22", period="2021/22")
    planned = target(DOC, 10, "activity_budget", "2020/21", 93)
    db = make_db([DOC, later, planned, target(later, 20, "scorecard", "2020/21", 95)])
    [found] = targets_in_next_plan(db)
    assert found.doc_id == later.doc_id
    assert (found.expected, found.actual) == ("93% (activity budget line 10)", "95% (scorecard line 20)")
    assert target_conflicts(db) == []  # a year's target in two plans is check 9's, not check 5's
    same = make_db([DOC, later, planned, target(later, 20, "scorecard", "2020/21", 93)])
    assert targets_in_next_plan(same) == []


def test_targets_in_different_units_are_not_compared():
    db = make_db([DOC, target(DOC, 10, "activity_budget", "2020/21", 70, "£"),
                  target(DOC, 20, "activity_budget", "2020/21", 6, "hours")])
    assert target_conflicts(db) == []


def marked(actual: float, goal: float, mark: str, name: str) -> list[Record]:
    common = dict(doc_id=DOC.doc_id, mention_id="m", source="scorecard", indicator_name=name,
                  period="2019/20", line=780)
    return [MeasurementRecord(measurement_id="m-a", measure="actual", value=actual, raw=str(actual),
                              assessment=mark, **common),
            MeasurementRecord(measurement_id="m-t", measure="target", value=goal, raw=str(goal), **common)]


def test_a_trend_mark_that_contradicts_its_figures():
    [found] = trend_marks(make_db([DOC, *marked(3, 0, "exceeded", "Total number of complaints received")]))
    assert (found.expected, found.actual) == ("below", "exceeded")
    assert trend_marks(make_db([DOC, *marked(3, 0, "below", "Total number of complaints received")])) == []


def test_no_trend_finding_where_the_better_direction_is_unknown():
    assert trend_marks(make_db([DOC, *marked(5, 3, "below", "Number of visits made")])) == []
    [found] = trend_marks(make_db([DOC, *marked(3, 3, "exceeded", "Number of visits made")]))
    assert found.expected == "met"


@pytest.mark.parametrize("name, better", [
    ("Total number of complaints received by HR Services", "lower"),
    ("Unit cost of each CSC call", "lower"),
    ("Average length of time to complete emergency repair", "lower"),
    ("Number of reportable incidents to the Health and Safety Executive", "lower"),
    ("Percentage of Housing Operations Stage 1 complaints resolved within 5 days", "higher"),
    ("Percentage of complaints received by HCBS upheld/partially upheld", "lower"),
    ("Percentage of tenants satisfied with their new build home", "higher"),
    ("Gross rent arrears as a percentage of rent due for the reporting year", "lower"),
    ("Percentage of new Facebook likes/Twitter followers", None),
    ("Number of Rent Penalty Notices Served", None),
])
def test_which_direction_is_better(name, better):
    assert direction(name) == better


def test_an_action_that_ends_before_it_starts():
    action = ActionRecord(doc_id=DOC.doc_id, action_id="x", kind="action", title="Review", start="2021-03",
                          end="2020-04", start_raw="March 2021", end_raw="April 2020", line=5)
    [found] = [f for f in run_checks(make_db([DOC, action])) if f.check == "action_dates"]
    assert (found.severity, found.actual) == ("error", "March 2021 to April 2020")


def test_plans_check_exit_status(tmp_path):
    path = tmp_path / "plans.db"
    db = sqlite_utils.Database(path)
    database.create_tables(db)
    database.insert(db, it_budget())
    db.close()
    runner = CliRunner()
    clean = runner.invoke(cli, ["check", "--db", str(path)])
    assert clean.exit_code == 0 and "No findings" in clean.output
    db = sqlite_utils.Database(path)
    database.insert(db, [target(DOC, 10, "activity_budget", "2020/21", 93),
                         target(DOC, 20, "scorecard", "2020/21", 94)])
    db.close()
    assert runner.invoke(cli, ["check", "--db", str(path)]).exit_code == 0  # a warning only
    assert runner.invoke(cli, ["check", "--db", str(path), "--strict"]).exit_code == 1



def test_a_check_that_cannot_run_is_reported_and_the_others_still_run():
    db = sqlite_utils.Database(memory=True)
    database.create_tables(db)
    db["activities"].drop()
    db["activities"].create({"activity_id": str, "doc_id": str, "service": str, "activity": str,
                             "line": int, "page": int}, pk="activity_id")  # an older shape, without figures
    db["activities"].insert({"activity_id": "a", "doc_id": DOC.doc_id, "service": "IT", "activity": "x",
                             "line": 1})
    action = ActionRecord(doc_id=DOC.doc_id, action_id="x", kind="action", title="Review", start="2021-03",
                          end="2020-04", start_raw="March 2021", end_raw="April 2020", line=5)
    database.insert(db, [DOC, action])
    found = {f.finding_id: f for f in run_checks(db)}
    assert found["row_arithmetic:failed"].severity == "error"
    assert "could not run" in found["row_arithmetic:failed"].message
    assert "action_dates:x" in found
