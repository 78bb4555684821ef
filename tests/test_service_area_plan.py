"""Warwick's CXO Service Area Plan 2016/17, a conversion with HTML, markdown and LaTeX debris:
service header, overview, measures, risks with planned actions, workforce plans, budget pressures
and projects."""

from __future__ import annotations

from conftest import extract_excerpt, of_table

NAME = "warwick_service_area_plan.txt"
PROJECTS = "warwick_service_area_plan_projects.txt"
SERVICE = "Chief Executive's Office"


def test_metadata_and_service_header():
    meta, records = extract_excerpt(NAME)
    assert (meta.title, meta.doc_type, meta.period) == (
        "CXO Service Area Plan 2016/17", "service_area_plan", "2016/17")
    assert meta.service == "Chief Executives Office"  # as its header prints it
    [service] = of_table(records, "services")
    assert service.name == "Chief Executives Office"
    assert service.manager == "Chris Elliott"
    assert service.deputies == "Andrew Jones, Bill Hunt"
    assert service.portfolio_holder == "Cllr Andrew Mobbs"


def test_risks_keep_a_name_broken_over_two_lines():
    _, records = extract_excerpt(NAME, service=SERVICE)
    risks = {r.title: r for r in of_table(records, "risks")}
    assert list(risks) == ["Budget", "Procurement", "Contract Management", "Audits", "Risk Register",
                           "Service Assurance", "Corporate Health & Safety"]
    assert risks["Contract Management"].planned_actions == (
        "Quarterly update of contract register Contract monitoring Contracts for Renewal: "
        "Temp agency contract renewal Mopier Contract")
    assert risks["Budget"].planned_actions.startswith(
        "Monthly budget monitoring as part of Finance's corporate budgetary control. Managing")
    assert risks["Audits"].planned_actions.endswith("Recruitment and Selection, T & Cs")  # `D : 1` dropped
    assert risks["Corporate Health & Safety"].planned_actions.startswith("Ensuring appropriate H&S risk")
    assert {r.service for r in risks.values()} == {SERVICE}


def test_workforce_plans_fill_category_down_and_join_wrapped_cells():
    _, records = extract_excerpt(NAME)
    plans = of_table(records, "workforce_plans")
    assert len(plans) == 7
    retirement = plans[1]
    assert retirement.category == "1. Succession Planning (E.g. planning for leavers)"
    assert retirement.sponsor == "Graham Leach"
    assert retirement.activity == "Retirement of the Chairman's attendant"
    assert plans[3].activity == "Responding to and supporting business change throughout the Council."
    assert plans[6].milestones == "Initial meeting with Hybrid for April 2016 to scope trial project."


def test_budget_pressures_one_row_per_activity_and_year():
    _, records = extract_excerpt(NAME)
    changes = of_table(records, "budget_changes")
    assert len(changes) == 9
    grid = {(c.activity, c.period): (c.amount, c.raw) for c in changes}
    assert grid[("Manage any mandatory budget reductions", "2016/17")] == (53000, "£53,000")
    assert grid[("Manage any mandatory budget reductions", "2018/19")] == (0, "£0")
    assert grid[("Payroll Savings", "2016/17")] == (None, "Unknown")
    assert grid[("Review of Members Allowances", "2017/18")] == (None, None)


def test_service_overview_rows():
    _, records = extract_excerpt(NAME)
    rows = of_table(records, "service_overview")
    desktop = next(r for r in rows if r.team == "Desktop Services")
    assert (desktop.demand, desktop.demand_raw) == (14000, "14,000")
    assert desktop.demand_measure.startswith("No. of Helpdesk calls per annum")
    assert sum(r.team == "ICT Services" for r in rows) == 4
    gis = [r for r in rows if r.team == "Geographical Information Systems"]
    assert gis[-1].demand is None and gis[-1].demand_raw == "150 £45,000"


def test_measures_become_indicators_without_codes():
    _, records = extract_excerpt(NAME)
    names = [m.name for m in of_table(records, "indicator_mentions")]
    assert all(m.code_printed is None for m in of_table(records, "indicator_mentions"))
    assert not of_table(records, "measurements")
    assert "Website - Number of visits to WDC website" in names  # run together with the next name
    assert "Number of Freedom of Information Requests Responded to on time" in names  # broken line
    assert "Number of Freedom of Information Requests Responded" not in names  # cut short
    assert "LLPG Positional Accuracy" in names
    assert names.count("Number of Complaints to Ombudsman upheld") == 1
    assert not [n for n in names if "Image" in n or "Qrt" in n or "measures" in n.lower()]
    assert "Media" not in names and "Press coverage; articles published" in names


def test_projects_take_their_group_from_the_sub_heading():
    _, records = extract_excerpt(PROJECTS, service=SERVICE)
    projects = {p.title: p for p in of_table(records, "actions")}
    assert {p.kind for p in projects.values()} == {"project"}
    digital = projects["Digital by Design"]
    assert digital.group == "Corporate Projects"
    assert digital.owner == "Ty Walter"
    assert digital.description == (
        "To assist in the definition and delivery of the DbD programme and to act as the project lead.")
    assert projects["PSN CoCo"].description == "Retain PSN CoCo compliance for Warwick District Council"
    assert projects["PSN CoCo"].group == "Security & Compliance"
    gis = projects["Rollout Civica Community Map Pro"]
    assert gis.owner == "Mark Barnes"
    assert gis.description == ("Migration of existing eGGP users to Community Map, including deploying "
                               "Community Map Mobile and exploiting FIND IT for Internet users.")
    assert projects["Contracts"].group == "Electoral Services"  # bold title
    assert projects["Hybrid Mail"].milestones == (
        "Trial to be completed by September 2016 Report back to be completed by Early November 2016")
    assert projects["Network Upgrade"].budget_impact == "£125,000"
    assert "Desktop Projects" not in projects and "HR" not in projects
    assert not of_table(records, "unrecognised_tables")


def test_linkages_to_a_strategy():
    _, records = extract_excerpt(NAME)
    links = of_table(records, "strategy_links")
    assert [link.theme for link in links][:3] == ["Housing", "Prosperity", "Safer Communities"]
    assert len(links) == 8
    assert {link.strategy for link in links} == {"Sustainable Community Strategy"}
    rural = links[-1]
    assert rural.direct.startswith("Implementation of Digital Council Services to assist communities")
    assert links[0].direct is None
    assert not of_table(records, "unrecognised_tables")


def test_a_word_split_inside_a_cell_is_mended():
    _, records = extract_excerpt(PROJECTS, service=SERVICE)
    projects = {p.title: p for p in of_table(records, "actions")}
    assert projects["Terms & Conditions Review"].owner == "Sue Firminger/Project Board"  # `Pr oject`
    assert "Pr oject" in projects["Terms & Conditions Review"].source_text  # as read
