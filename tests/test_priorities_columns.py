"""A priorities table's target and performance are read by their headers, in either order."""

import pytest

from extractors.base import Context
from extractors.priorities import PrioritiesExtractor
from pipeline.reading.layout import Row, Table

# A row of West Lothian's 2020/21 alignment table (deliverable E2.1, indicator CPU019)
ROW = {"priority": "Corporate Governance and Risk", "deliverable": "E2.1 Procurement",
       "indicators": "CPU019_Percentage of all council expenditure covered by contracts"}
HEADER = {"priority": "Council enabler", "deliverable": "Deliverable", "indicators": "Indicator(s)"}


@pytest.mark.parametrize("target_first", [False, True])
def test_target_and_performance_in_either_order(target_first):
    values = [("2022/23 Performance", "91%", "actual"), ("2023/24 Target", "94%", "target")]
    if target_first:
        values.reverse()
    header = [*HEADER.values(), *(h for h, _, _ in values)]
    cells = [*ROW.values(), *(v for _, v, _ in values)]
    table = Table(caption="Alignment with Corporate Priorities / Enablers", header=header,
                  rows=[Row(cells=cells, line=5)], line=1)
    records = PrioritiesExtractor().extract(table, Context(doc_id="d", period="2023/24"))
    measured = sorted((m.measure, m.period, m.raw) for m in records if m.table == "measurements")
    assert measured == [("actual", "2022/23", "91%"), ("target", "2023/24", "94%")]


@pytest.mark.parametrize("at", [0, 3, 5])
def test_a_column_no_field_takes_is_kept_with_the_row(at):
    """A `Lead officer` column, wherever it is printed, goes to `extra` and moves nothing else."""
    header = [*HEADER.values(), "2022/23 Performance", "2023/24 Target"]
    cells = [*ROW.values(), "91%", "94%"]
    header.insert(at, "Lead officer")
    cells.insert(at, "Head of Finance")
    continued = [""] * len(header)
    continued[at] = "and Property"
    table = Table(caption="Alignment with Corporate Priorities / Enablers", header=header,
                  rows=[Row(cells=cells, line=5), Row(cells=continued, line=6)], line=1)
    records = PrioritiesExtractor().extract(table, Context(doc_id="d", period="2023/24"))
    (priority,) = [r for r in records if r.table == "priorities"]
    assert priority.extra == {"Lead officer": "Head of Finance and Property"}
    assert (priority.priority, priority.deliverable, priority.indicators) == (
        "Corporate Governance and Risk", "E2.1 Procurement", ROW["indicators"])
    measured = sorted((m.measure, m.period, m.raw) for m in records if m.table == "measurements")
    assert measured == [("actual", "2022/23", "91%"), ("target", "2023/24", "94%")]
