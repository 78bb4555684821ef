"""Activity budgets: values checked against the printed tables of the two West Lothian plans."""

from conftest import WEST_LOTHIAN_2020, WEST_LOTHIAN_2021, extract_fixture, rows_of


def test_hr_budget_rows_across_three_printed_blocks():
    result = extract_fixture("wl2020_hr_budget.txt", WEST_LOTHIAN_2020)
    activities = rows_of(result, "activities")
    assert [a["activity"] for a in activities] == [
        "Payroll, Control and Employee Benefits",
        "Policy & Systems Development, Advice and Support",
        "Health and Safety",
        "Absence Management – Occupational health advice and support",
        "Service Support",
        "Elected Members Support",
        "Service Support",
        "Reception",
        "Mailroom Services",
        "Administration Support",
        "Service Support",
    ]
    assert activities[0] == {
        "service": "HR and Support Services",
        "table_title": "HR and Support Services",
        "activity": "Payroll, Control and Employee Benefits",
        "description": "To provide a comprehensive, cost effective payroll and benefits service including "
        "provision of statutory returns to external bodies",
        "corporate_plan_link": "Enabler Service - Modernisation and Improvement",
        "fte": 9.3,
        "expenditure": 364258,
        "income": -23247,  # printed (23,247)
        "net": 341012,
        "period": "2020/21",
    }
    assert activities[7]["table_title"] == "Civic Centre Admin"
    assert activities[7]["service"] == "HR and Support Services"


def test_totals_are_kept_as_printed():
    result = extract_fixture("wl2020_hr_budget.txt", WEST_LOTHIAN_2020)
    totals = rows_of(result, "budget_totals")
    assert [(t["table_title"], t["fte"], t["expenditure"], t["income"], t["net"]) for t in totals] == [
        ("HR and Support Services", 50.2, 3662435, -117005, 3545430),
        ("Civic Centre Admin", 22.11, 694746, -207512, 487234),
    ]


def test_two_indicator_cell_is_split_with_its_categories():
    result = extract_fixture("wl2020_hr_budget.txt", WEST_LOTHIAN_2020)
    targets = [m for m in rows_of(result, "measurements") if m["code"] in ("HRS663", "HRS670")]
    assert [(m["code"], m["value"], m["unit"], m["raw"], m["pi_category"]) for m in targets] == [
        ("HRS663", 0.32, "£", "£0.32", "High Level"),
        ("HRS670", 86, "%", "86%", "Public"),
    ]
    assert targets[0]["indicator_name"] == "Unit cost of providing an external mail service within the Civic Centre"


def test_indicator_on_its_own_line_belongs_to_the_activity_above():
    result = extract_fixture("wl2020_hr_budget.txt", WEST_LOTHIAN_2020)
    activity_ids = {a.activity_id: a.activity for a in result.records if a.table == "activities"}
    hrs103 = next(m for m in result.records if m.table == "measurements" and m.code == "HRS103")
    assert activity_ids[hrs103.activity_id] == "Health and Safety"
    assert (hrs103.value, hrs103.unit, hrs103.pi_category) == (35, None, "WLAM")
    assert hrs103.indicator_name == (
        "Number of reportable incidents to the Health and Safety Executive and annual 5% target reduction"
    )


def test_description_continued_after_a_page_break_without_link_column():
    result = extract_fixture("wl2020_it_budget.txt", WEST_LOTHIAN_2020)
    activities = {a["activity"]: a for a in rows_of(result, "activities")}
    systems = activities["Information Systems Development and Support"]
    assert systems["description"] == (
        "Provide IT solutions to: applications and interfaces development; adoption of user systems for "
        "maintenance and support; applications and interfaces support - in house and 3rd party developed "
        "systems; web development; small projects management."
    )
    assert (systems["fte"], systems["expenditure"], systems["income"], systems["net"]) == (
        13.25, 1021311, -86153, 935157,
    )
    assert activities["Infrastructure Development and Support"]["corporate_plan_link"] is None
    codes = [m["code"] for m in rows_of(result, "measurements")]
    assert codes.count("ITS072") == 2 and "ITS63" in codes and "ITS079" in codes


def test_rows_broken_over_lines_in_a_damaged_conversion():
    result = extract_fixture("wl2021_housing_operations_budget.txt", WEST_LOTHIAN_2021)
    activities = rows_of(result, "activities")
    first = activities[0]
    assert first["activity"] == "Responsive Repairs - Sustaining council housing and communities"
    assert first["description"].endswith("that meets their needs")
    assert first["table_title"] == "Housing Operations (Housing Revenue Account)"
    assert (first["fte"], first["expenditure"], first["income"], first["net"]) == (8.0, 20544415, -20544415, 0)
    names = [a["activity"] for a in activities]
    assert "Tenant Participation - Encourage and Promote tenant participation" in names
    assert {a["table_title"] for a in activities} == {"Housing Operations (Housing Revenue Account)",
                                                       "Community Safety"}
    # the Housing Operations table's own Total: row is printed empty; only Community Safety's has figures
    totals = rows_of(result, "budget_totals")
    # its income is printed `29,447,196`, without parentheses: stored negative like every income
    assert [(t["table_title"], t["fte"], t["income"]) for t in totals] == [("Community Safety", 82.1, -29447196)]
    [total] = [r for r in result.records if r.table == "budget_totals"]
    assert "29,447,196" in total.source_text and "(29,447,196)" not in total.source_text


def test_units_and_days_in_targets():
    result = extract_fixture("wl2021_housing_operations_budget.txt", WEST_LOTHIAN_2021)
    by_code = {m["code"]: m for m in rows_of(result, "measurements")}
    assert (by_code["HQSLETS001"]["value"], by_code["HQSLETS001"]["unit"]) == (32, "days")
    assert (by_code["SSHC34"]["value"], by_code["SSHC34"]["unit"]) == (0.6, "%")
    assert (by_code["SSPi20a"]["value"], by_code["SSPi20a"]["unit"]) == (1, "hours")


def test_name_and_description_glued_in_one_cell():
    result = extract_fixture("wl2021_registration_budget.txt", WEST_LOTHIAN_2021)
    first = rows_of(result, "activities")[0]
    assert first["activity"] == "Registration Service"
    assert first["description"] == (
        "To record all registrations for births, marriages and deaths accurately and issue extracts from the registers."
    )
    assert first["service"] == "Customer and Community Services"
    assert first["table_title"] == "Customer and (Community Services"  # the caption as printed, bracket and all
    assert (first["expenditure"], first["income"], first["net"]) == (222244, -282000, 59756)
