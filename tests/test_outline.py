"""Headings and their sections: numbered, `Part N` and markdown headings; a contents entry that
repeats a later heading, a parenthesised note and a sentence are not headings."""

from __future__ import annotations

from conftest import FIXTURES

from pipeline.finding.outline import find_sections
from pipeline.reading import read_document


def test_sections_of_a_service_area_plan_excerpt():
    doc = read_document(FIXTURES / "warwick_service_area_plan.txt", "plan.txt")
    sections = find_sections(doc)
    titles = [(s.number, s.title) for s in sections]
    assert titles[0] == (None, "CXO Service Area Plan 2016/17")
    assert ("2.3", "Managing Risk") in titles
    assert (None, "Workforce Planning") in titles  # `## **Workforce Planning**`
    overview = next(s for s in sections if s.title == "Service Overview")
    assert overview.lines[0].no == overview.line + 1
    # `### (NB – Specify main aspects …)` is a note under the overview, not a heading
    assert any("Specify main aspects" in ln.text for ln in overview.lines)


def test_a_contents_entry_is_not_a_section(tmp_path):
    lines = (FIXTURES / "warwick_service_area_plan.txt").read_text(encoding="utf-8").splitlines()[:11]
    lines += (FIXTURES / "warwick_service_area_plan_projects.txt").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    sections = find_sections(read_document(path, "plan.txt"))
    parts = [(s.line, s.title) for s in sections if s.number == "5"]
    # line 5 `Part 5 – Managing Planned Changes/Projects` is the contents list's entry
    assert parts == [(12, "Part 5 – Managing Planned Changes, Major Workstreams and Projects")]
    assert sections[0].title == "CXO Service Area Plan 2016/17" and sections[0].end == 11


def test_sections_of_a_report_excerpt():
    doc = read_document(FIXTURES / "wdc_best_value_report.txt", "report.txt")
    titles = [(s.number, s.title) for s in find_sections(doc)]
    assert titles == [("4", "Personnel Issues"), ("5", "Financial Implications"), ("6", "Risk assessment"),
                      ("7", "Conclusions")]
