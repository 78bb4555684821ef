"""Scorecards and registers as other councils lay them out: a code column, a RAG column, a
direction of travel, quarters in the header, a risk register numbered by an id column."""

from extractors import recognise
from extractors.base import Context
from extractors.risks import RisksExtractor
from extractors.scorecard import ScorecardExtractor
from pipeline.reading.layout import Row, Table

# HRS516 and HRS550 of West Lothian's 2020/21 scorecard (000, lines 762-763), in a quarterly layout
HEADER = ["Code", "Indicator", "2019/20 Actual", "2020/21 Target", "Q2 2020/21 Actual", "RAG", "Direction of Travel"]
ROWS = [["HRS516", "Percentage of internal customers who rated the service as good or excellent",
         "91%", "92%", "93%", "Green", "Improving"],
        ["HRS550", "Total number of complaints received by HR Services", "3", "4", "5", "Red", "Worsening"]]


def _measurements(header: list[str], rows: list[list[str]]) -> list[tuple]:
    table = Table(caption="Performance Report Quarter 2 2020/21", header=header,
                  rows=[Row(cells=r, line=10 + n) for n, r in enumerate(rows)], line=9)
    assert isinstance(recognise(table), ScorecardExtractor)
    records = ScorecardExtractor().extract(table, Context(doc_id="d", period="2020/21"))
    return [(m.code, m.period, m.measure, m.value, m.rating, m.direction)
            for m in records if m.table == "measurements"]


EXPECTED = [
    ("HRS516", "2019/20", "actual", 91.0, None, None),
    ("HRS516", "2020/21", "target", 92.0, None, None),
    ("HRS516", "2020/21 Q2", "actual", 93.0, "green", "improving"),
    ("HRS550", "2019/20", "actual", 3.0, None, None),
    ("HRS550", "2020/21", "target", 4.0, None, None),
    ("HRS550", "2020/21 Q2", "actual", 5.0, "red", "worsening"),
]


def test_code_rag_and_direction_columns_are_read_into_the_latest_actual():
    assert _measurements(HEADER, ROWS) == EXPECTED


def test_the_same_values_come_out_whatever_the_order_of_the_columns():
    order = [6, 5, 4, 3, 2, 1, 0]
    header = [HEADER[i] for i in order]
    rows = [[r[i] for i in order] for r in ROWS]
    assert sorted(_measurements(header, rows)) == sorted(EXPECTED)


def test_a_register_numbered_by_an_id_column_keeps_the_id_as_its_code():
    header = ["Risk ID", "Risk Description", "Likelihood", "Impact", "Risk Owner"]
    table = Table(caption="Corporate Risk Register", header=header, line=1,
                  rows=[Row(cells=["CR01", "Failure to balance the budget", "4", "5", "Chief Finance Officer"],
                            line=2)])
    assert isinstance(recognise(table), RisksExtractor)
    [risk] = [r for r in RisksExtractor().extract(table, Context(doc_id="d")) if r.table == "risks"]
    assert (risk.risk_code, risk.title, risk.description, risk.score, risk.owner) == (
        "CR01", "Failure to balance the budget", "Failure to balance the budget", 20, "Chief Finance Officer")


def test_a_scorecard_column_no_field_takes_is_kept_on_each_measurement():
    header = [*HEADER, "Polarity"]
    rows = [[*ROWS[0], "Higher is better"]]
    table = Table(caption="Performance Report Quarter 2 2020/21", header=header,
                  rows=[Row(cells=r, line=10) for r in rows], line=9)
    measurements = [m for m in ScorecardExtractor().extract(table, Context(doc_id="d")) if m.table == "measurements"]
    assert len(measurements) == 3
    assert all(m.extra == {"Polarity": "Higher is better"} for m in measurements)
