"""Scorecards, priorities, actions, risks, engagement schedules and unit headers, on seed excerpts.

Every expected value was read off the printed plan.
"""

from conftest import WEST_LOTHIAN_2020, WEST_LOTHIAN_2021, extract_fixture, rows_of


def test_scorecard_gives_three_values_per_indicator_with_trend_marks():
    result = extract_fixture("wl2020_scorecard.txt", WEST_LOTHIAN_2020)
    values = rows_of(result, "measurements")
    cpu018 = [(m["period"], m["measure"], m["value"], m["unit"], m["raw"], m["assessment"])
              for m in values if m["code"] == "CPU018"]
    assert cpu018 == [
        ("2019/20", "actual", 1585, "£", "£1,585", "exceeded"),
        ("2019/20", "target", 1788, "£", "£1,788", None),
        ("2020/21", "target", 1788, "£", "£1,788", None),
    ]
    hrs310 = [(m["measure"], m["value"], m["raw"]) for m in values if m["code"] == "HRS310"]
    assert hrs310 == [("actual", None, "**"), ("target", 10, "10%"), ("target", None, "**")]
    assert {m["assessment"] for m in values if m["code"] == "PIS010"} == {"met", None}
    assert next(m for m in values if m["code"] == "CC007")["assessment"] == "below"
    assert len(values) == 24 * 3


def test_scorecard_unit_names_resolve_to_section_headings():
    result = extract_fixture("wl2020_scorecard.txt", WEST_LOTHIAN_2020)
    services = {m["code"]: m["service"] for m in rows_of(result, "measurements")}
    # the excerpt has no unit sections, so the printed unit name is kept
    assert services["HRS516"] == "Human Resources and Support Services"
    assert services["CC084"] == "Corporate Communications"


def test_priorities_rows_and_their_indicator_values():
    result = extract_fixture("wl2020_priorities.txt", WEST_LOTHIAN_2020)
    priorities = rows_of(result, "priorities")
    assert [p["deliverable_code"] for p in priorities] == ["E2.1", "E2.2", "E2.3", "E2.5", "E2.6", "E2.7", "E2.8"]
    assert priorities[2]["activities"] == (
        "Corporate governance. Local Government Law Services. Legal advice and support in relation to property "
        "and conveyancing. Legal advice and support in relation to Social Work Law Services and education."
    )
    values = [(m["code"], m["period"], m["measure"], m["value"], m["service"]) for m in rows_of(result, "measurements")]
    assert values == [
        ("COR010", "2019/20", "actual", 100, "Corporate Services"),
        ("COR010", "2020/21", "target", 100, "Corporate Services"),
        ("CPU019", "2019/20", "actual", 93, "Corporate Services"),
        ("CPU019", "2020/21", "target", 93, "Corporate Services"),
        ("HRS103", "2019/20", "actual", 35, "Corporate Services"),
        ("HRS103", "2020/21", "target", 35, "Corporate Services"),
    ]


def test_priorities_continuation_rows_add_indicators_to_their_deliverable():
    result = extract_fixture("wl2021_priorities.txt", WEST_LOTHIAN_2021)
    codes = [p["deliverable_code"] for p in rows_of(result, "priorities")]
    assert codes == ["P3.4", "P7.1", "P7.2", "P7.3", "P8.2", "P8.3"]
    values = {(m["code"], m["measure"]): (m["value"], m["unit"]) for m in rows_of(result, "measurements")}
    # one cell printing `1.8% 100.5 days` for two indicators is shared between them
    assert values[("HQSHOM031", "actual")] == (1.8, "%")
    assert [(m["value"], m["unit"]) for m in rows_of(result, "measurements")
            if m["code"] == "HQSARC25" and m["measure"] == "actual"] == [(100.5, "days"), (100.5, None)]
    assert values[("HSD407", "target")] == (77, None)
    assert values[("HQS083", "target")] == (60, None)


def test_actions_with_dates_and_statuses():
    result = extract_fixture("wl2020_hr_actions.txt", WEST_LOTHIAN_2020)
    actions = rows_of(result, "actions")
    assert len(actions) == 15
    drug = next(a for a in actions if a["title"] == "Drug and Alcohol Policy")
    assert (drug["owner"], drug["start"], drug["end"], drug["status"]) == (
        "HR Services Manager", "2018-04", "2020-06", "active")
    assert drug["service"] == "HR and Support Services"
    assert drug["kind"] == "action"


def test_risks_and_engagement_schedules():
    result = extract_fixture("wl2020_engagement_risks.txt", WEST_LOTHIAN_2020)
    risks = rows_of(result, "risks")
    assert [(r["risk_code"], r["score"], r["service"]) for r in risks] == [
        ("WLC001b", 8, "Corporate Services"), ("WLC014", 6, "Corporate Services"),
        ("WLC036", 5, "Corporate Services"), ("WLC015", 4, "Corporate Services"),
    ]
    assert risks[1]["title"] == "Cyber-attack resulting in data breach"
    engagement = rows_of(result, "engagement")
    employees = [e for e in engagement if e["audience"] == "employee"]
    assert len(employees) == 11 and employees[0]["service"] == "Corporate Services"
    customers = [e for e in engagement if e["audience"] == "customer"]
    # a blank group cell repeats the group above
    assert [(c["group"], c["method"]) for c in customers] == [
        ("Internal Customers", "Electronic survey"),
        ("Internal Customers", "Electronic Survey"),
        ("Suppliers / Potential Suppliers", "Electronic survey"),
    ]
    assert customers[0]["service"] == "Corporate Procurement Unit"


def test_wrapped_engagement_row_and_its_echo():
    result = extract_fixture("wl2021_wrapped_engagement.txt", WEST_LOTHIAN_2021)
    first = rows_of(result, "engagement")[0]
    assert first["group"] == "Tenant representatives"
    assert first["responsible_officer"] == "Housing Strategy and Development Manager"
    assert first["feedback_method"] == "Tenants Panel minutes available"
    assert first["method"] == "Tenants Panel Meeting"
    groups = [e["group"] for e in rows_of(result, "engagement")]
    assert groups[1] == "Tenant representatives"


def test_unit_headers_glued_on_one_line_are_named_from_the_contents_list():
    result = extract_fixture("wl2021_glued_unit_header.txt", WEST_LOTHIAN_2021)
    units = rows_of(result, "services")
    assert units == [{
        "name": "Housing Strategy and Development", "manager": "Marjory Mackie", "deputies": None,
        "portfolio_holder": None, "staff_fte": 13.6, "locations": "Civic Centre", "name_source": "contents",
    }]
    totals = rows_of(result, "budget_totals")
    assert [(t["service"], t["fte"], t["expenditure"], t["income"], t["net"]) for t in totals] == [
        ("Housing Strategy and Development", 13.6, 25632327, -25632327, 0)]


def test_unit_header_with_heading():
    result = extract_fixture("wl2020_hr_budget.txt", WEST_LOTHIAN_2020)
    assert rows_of(result, "services") == [{
        "name": "HR and Support Services", "manager": "Lesley Henderson, HR Service Manager", "deputies": None,
        "portfolio_holder": None, "staff_fte": 72.31, "locations": "Civic Centre", "name_source": "heading",
    }]


def test_a_printed_unit_name_is_the_plans_unit_it_spells_out():
    from pipeline.finding.units import resolve_unit

    units = ["HR and Support Services", "Revenues and Benefits"]
    assert resolve_unit("Human Resources & Support Service", units) == "HR and Support Services"
    assert resolve_unit("Revenues & Benefits", units) == "Revenues and Benefits"
    assert resolve_unit("Customer Services", units) == "Customer Services"  # no unit of the plan: as printed
