"""West Dunbartonshire's Best Value Improvement Plan report: the priorities × workstreams matrix,
the budget its financial implications set up and the risk its risk assessment states."""

from __future__ import annotations

from conftest import extract_excerpt, of_table

NAME = "wdc_best_value_report.txt"


def test_metadata_is_read_from_the_report():
    meta, _ = extract_excerpt(NAME)
    assert meta.council == "West Dunbartonshire Council"
    assert meta.title == "Best Value Improvement Plan"  # the `Subject:` line, not `Report by …`
    assert meta.doc_type == "improvement_plan"
    assert meta.period == "2008/09"


def test_matrix_marks_are_placed_by_column():
    _, records = extract_excerpt(NAME)
    rows = of_table(records, "responsibilities")
    assert len(rows) == 23  # every ● and ○ printed
    ip2 = {(r.workstream, r.role) for r in rows if r.priority_code == "IP2"}
    assert ip2 == {("Resources", "primary"), ("Risk & PM", "secondary"), ("OD", "secondary")}
    ip10 = {(r.workstream, r.role) for r in rows if r.priority_code == "IP10"}
    assert ip10 == {("CI Team", "primary"), ("Efficient Gov", "primary")}
    mp1 = [r for r in rows if r.priority_code == "MP1"]
    assert {r.priority for r in mp1} == {"Service Review and Option Appraisal"}


def test_budget_set_up_and_risk_stated():
    _, records = extract_excerpt(NAME)
    [budget] = of_table(records, "budget_changes")
    assert (budget.activity, budget.period, budget.amount, budget.raw) == (
        "Best Value Improvement Plan", "2008/09", 108500, "£108,500")
    [risk] = of_table(records, "risks")
    assert risk.description.startswith("If the Best Value Improvement Plan is not properly managed")
    assert risk.description.endswith("audit work planned for summer 2009.")
    assert not of_table(records, "unrecognised_tables")
