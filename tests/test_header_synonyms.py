"""Tables are recognised by the vocabulary of their headers, so a council that prints `Lead Officer`
for `Owner(s)`, `Due` for `End` or `Key Milestones` for `Milestones` needs no new code."""

from __future__ import annotations

from conftest import extract_excerpt, of_table

from extractors import recognise
from extractors.actions import ActionsExtractor
from pipeline.reading.layout import Row, Table


def test_actions_table_with_synonym_header_is_recognised():
    table = Table(caption="Improvement Actions 2022/23",
                  header=["Action", "Description", "Lead Officer", "Start", "Due", "Status"],
                  rows=[Row(cells=["Review the complaints policy", "", "Jane Smith", "", "", ""], line=4)],
                  line=1)
    assert isinstance(recognise(table), ActionsExtractor)


def test_synonym_headers_fill_the_same_columns():
    _, records = extract_excerpt("synonym_headers.txt", service="Customer Services")
    actions = [a for a in of_table(records, "actions") if a.kind == "action"]
    assert [(a.title, a.owner, a.start, a.end, a.status) for a in actions] == [
        ("Review the complaints policy", "Jane Smith", "2022-04", "2023-03", "active"),
        ("Replace the telephony platform", "Raj Patel", "2022-06", "2023-12", "planned"),
    ]
    [project] = [a for a in of_table(records, "actions") if a.kind == "project"]
    assert (project.title, project.owner, project.budget_impact, project.milestones) == (
        "Network Upgrade", "Raj Patel", "£125,000", "Tender July 2022")
    assert project.description == "Due to the age of the network equipment it will be replaced."
    assert not of_table(records, "unrecognised_tables")
