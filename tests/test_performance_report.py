"""Warwick's Service Area Plan Performance 2019/20: the risk rated Red, internal audits with their
assurance, and projects with their milestones joined."""

from __future__ import annotations

from conftest import extract_excerpt, of_table

NAME = "warwick_plan_performance.txt"


def test_metadata_names_the_service_from_the_appendix_line():
    meta, _ = extract_excerpt(NAME)
    assert meta.service == "Chief Executive's Office"
    assert meta.title == "Service Area Plan Performance 2019/2020"
    assert (meta.doc_type, meta.period) == ("performance_report", "2019/20")


def test_only_the_rated_risk_is_a_risk():
    _, records = extract_excerpt(NAME)
    [risk] = of_table(records, "risks")
    assert risk.title == "Failure to deliver corporate strategies / initiatives (Digital Strategy)"
    assert risk.rating == "Red"
    assert risk.service == "Chief Executive's Office"


def test_audits_with_assurance_and_area():
    _, records = extract_excerpt(NAME)
    audits = of_table(records, "audits")
    assert [(a.area, a.audit, a.assurance) for a in audits] == [
        (None, "ICT Infrastructure Security", "Substantial"),
        ("HR & Media", "Human Resources Management", "Substantial"),
        ("HR & Media", "Health & Well-being", "Substantial"),
        ("HR & Media", "Equality & Diversity", "Substantial"),
        ("HR & Media", "Website Management", "Substantial"),
    ]
    assert {a.status for a in audits} == {"complete"}


def test_projects_with_milestones_joined():
    _, records = extract_excerpt(NAME)
    projects = of_table(records, "actions")
    assert [p.title for p in projects] == [
        "Digital by Design", "People and Change Programme/HPL/FFF V 2/AWA", "Council Elections",
        "CSW Superfast Broadband"]
    assert projects[2].description is None
    broadband = projects[3]
    assert broadband.description.startswith("The CSW Broadband project will bring improved broadband speeds")
    assert broadband.milestones == (
        "Contract 1 Roll-out completion May 2016 Contract 2 Commencement Jan 2016 Contract 2 Delivery "
        "Completion May 2019 Contract 2 Financial Closure March 2020 Contract 3 Commencement December 2019 "
        "Contract 3 Delivery Completion December 2019 Contract 3 Financial Closure")
