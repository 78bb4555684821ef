"""Every column of a recognised table that no field takes is kept in the row's `extra`."""

from extractors import recognise
from extractors.actions import ActionsExtractor
from extractors.base import Context
from extractors.workforce import WorkforceExtractor
from pipeline.reading.layout import Row, Table


def _table(header: list[str], *rows: list[str]) -> Table:
    return Table(caption="", header=header, rows=[Row(cells=r, line=10 + n) for n, r in enumerate(rows)], line=9)


def test_an_action_plans_cost_and_blank_headed_columns_go_to_extra():
    # West Lothian's People Strategy action (000, line 270), printed with a cost column and a
    # column whose header is blank, as another council's plan might print them
    table = _table(["Action", "Owner(s)", "Cost £", "Start", "End", "Status", ""],
                   ["People Strategy", "HR Services Manager", "12,500", "April 2018", "April 2023", "Active", "P1"])
    assert isinstance(recognise(table), ActionsExtractor)
    [action] = ActionsExtractor().extract(table, Context(doc_id="d"))
    assert (action.title, action.owner, action.status) == ("People Strategy", "HR Services Manager", "active")
    assert action.extra == {"Cost £": "12,500", "column 7": "P1"}


def test_a_row_with_every_column_taken_has_no_extra():
    table = _table(["Action", "Owner(s)", "Start", "End", "Status"],
                   ["People Strategy", "HR Services Manager", "April 2018", "April 2023", "Active"])
    [action] = ActionsExtractor().extract(table, Context(doc_id="d"))
    assert action.extra is None


def test_a_workforce_plans_unnamed_columns_are_kept():
    table = _table(["Workforce Category", "Sponsor", "Activity", "Milestones", "Review Date"],
                   ["Recruitment", "HR Manager", "Graduate scheme", "Launch by June", "March 2021"])
    [plan] = WorkforceExtractor().extract(table, Context(doc_id="d"))
    assert plan.extra == {"Review Date": "March 2021"}


def test_a_delivery_plan_in_another_councils_wording_fills_the_same_fields():
    table = _table(["Ref", "Key Action", "Responsible", "Target Date", "RAG", "Progress to Date"],
                   ["A1", "People Strategy", "HR Services Manager", "April 2023", "Green", "Approved in June 2018"])
    assert isinstance(recognise(table), ActionsExtractor)
    [action] = ActionsExtractor().extract(table, Context(doc_id="d"))
    assert (action.title, action.owner, action.end, action.status, action.update, action.extra) == (
        "People Strategy", "HR Services Manager", "2023-04", "green", "Approved in June 2018", {"Ref": "A1"})


def test_a_risk_with_planned_actions_keeps_its_other_columns():
    from extractors.risk_actions import RiskActionsExtractor

    table = _table(["Risk", "Planned Actions during year", "Comments", "Risk Owner"],
                   ["Contract Management", "Review every contract over £100k", "On track", "Head of Procurement"])
    [risk] = RiskActionsExtractor().extract(table, Context(doc_id="d"))
    assert (risk.title, risk.planned_actions, risk.extra) == (
        "Contract Management", "Review every contract over £100k", {"Risk Owner": "Head of Procurement"})
