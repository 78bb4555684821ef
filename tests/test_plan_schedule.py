"""A management plan's own schedule, printed without a header and with stage names wrapped over
two lines, is recognised by its shape and read one stage per row."""

from __future__ import annotations

from conftest import extract_excerpt, of_table


def test_wrapped_stages_are_joined():
    _, records = extract_excerpt("west_lothian_planning_process.txt")
    stages = of_table(records, "plan_schedule")
    assert [s.stage for s in stages] == [
        "Corporate Plan", "Housing, Customer and Building Services planning",
        "Executive Management Team approval", "PDSP consultation", "Management Plan launch",
        "WLC website", "Management Plan updates"]
    first = stages[0]
    # the description's first line sits on the row above the stage name: it is not a caption
    assert first.description == (
        "The Corporate Plan is approved by West Lothian Council, setting out the key "
        "priorities for all council services for the period 2018/19 to 2022/23.")
    assert (first.timing, first.start, first.end) == ("February 2021", "2021-02", "2021-02")
    assert (stages[3].timing, stages[3].start, stages[3].end) == ("April to June 2021", "2021-04", "2021-06")
    assert not of_table(records, "unrecognised_tables")
