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
