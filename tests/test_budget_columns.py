"""Budget tables read by what their columns mean: the seeds' own rows printed in other layouts,
and a page of a real key service statement (Kent County Council, 2025-26, page 3)."""


import pytest
from kent import KEY_SERVICES, kent_pages, only, requires_kent

from extractors import recognise
from extractors.activity_budget import ActivityBudgetExtractor
from extractors.base import Context
from pipeline.document_metadata import DocumentMeta
from pipeline.extract import extract_document
from pipeline.reading.layout import Row, Table

# Two rows of West Lothian's 2020/21 HR budget (Health and Safety; Reception), by field
SEED_ROWS = [
    {"activity": "Health and Safety", "fte": "3.4", "expenditure": "290,381", "income": "0", "net": "290,381"},
    {"activity": "Reception", "fte": "2.47", "expenditure": "57,880", "income": "(38,255)", "net": "19,626"},
]
HEADERS = {"activity": "Activity", "fte": "Staff Resources (FTE)", "expenditure": "Expenditure Budget 2020/21 £",
           "income": "Income Budget 2020/21 £", "net": "Net Budget 2020/21 £"}
EXPECTED = [("Health and Safety", 3.4, 290381, 0, 290381), ("Reception", 2.47, 57880, -38255, 19626)]


def _table(order: list[str], headers: dict[str, str] = HEADERS, rows: list[dict] = SEED_ROWS,
           extra: dict[str, list[str]] | None = None) -> Table:
    extra = extra or {}
    header = [headers[f] if f in headers else f for f in order]
    cells = [[r[f] if f in r else extra[f][n] for f in order] for n, r in enumerate(rows)]
    return Table(caption="HR and Support Services", header=header,
                 rows=[Row(cells=c, line=10 + n) for n, c in enumerate(cells)], line=1)


def _activities(table: Table) -> list:
    assert isinstance(recognise(table), ActivityBudgetExtractor)
    records = ActivityBudgetExtractor().extract(table, Context(doc_id="d", period="2020/21"))
    return [r for r in records if r.table == "activities"]


def _values(records: list) -> list[tuple]:
    return [(r.activity, r.fte, r.expenditure, r.income, r.net) for r in records]


@pytest.mark.parametrize("order", [
    ["activity", "fte", "expenditure", "income", "net"],
    ["activity", "net", "income", "expenditure", "fte"],
    ["activity", "expenditure", "income", "net", "fte"],  # FTE last
])
def test_money_is_placed_by_the_column_it_sits_under(order):
    assert _values(_activities(_table(order))) == EXPECTED


def test_no_income_column_leaves_income_empty():
    records = _activities(_table(["activity", "expenditure", "net"]))
    assert [(r.expenditure, r.income, r.net, r.fte) for r in records] == [
        (290381, None, 290381, None), (57880, None, 19626, None)]


def test_an_extra_cost_column_goes_to_extra_not_to_the_staff():
    table = _table(["activity", "Employee Costs", "expenditure", "income", "net"],
                   extra={"Employee Costs": ["212,000", "41,300"]})
    records = _activities(table)
    assert [(r.fte, r.expenditure) for r in records] == [(None, 290381), (None, 57880)]
    assert [r.extra for r in records] == [{"Employee Costs": "212,000"}, {"Employee Costs": "41,300"}]


def test_synonyms_and_thousands_in_the_header():
    headers = {"activity": "Service", "fte": "FTE", "expenditure": "Gross Expenditure £000s",
               "income": "Gross Income £000s", "net": "Net Cost £000s"}
    rows = [{"activity": "Reception", "fte": "2.47", "expenditure": "57.9", "income": "38.3", "net": "19.6"}]
    [record] = _activities(_table(["activity", "fte", "expenditure", "income", "net"], headers, rows))
    # income printed without a sign is stored negative, like every income
    assert (record.expenditure, record.income, record.net) == (57900, -38300, 19600)


@requires_kent
def test_kent_key_service_page_three():
    page = only(kent_pages(KEY_SERVICES, 2, 3, 4), 3)
    records = extract_document(page, DocumentMeta(period="2025/26")).records
    activities = [r for r in records if r.table == "activities"]
    heading = "Strategic Management & Directorate Support (ASCH)"
    # checked against the printed page: Gross Expenditure, Income, Net Cost (£000s)
    assert [(a.service, a.activity, a.expenditure, a.income, a.net, a.period) for a in activities] == [
        (heading, "Innovation and Partnership", 5173600, -1373900, 3799700, "2025/26"),
        (heading, "Strategic Management & Directorate Support (ASCH)", 5643900, -229000, 5414900, "2025/26"),
        (heading, "Operational and transformation costs pending allocation", 1540300, 0, 1540300, "2025/26"),
    ]
    assert activities[0].extra["2025-26 Staffing £000s"] == "1,498.2"
    [total] = [r for r in records if r.table == "budget_totals"]
    assert (total.table_title, total.expenditure, total.income, total.net) == (heading, 12357800, -1602900, 10754900)


def _dropped_blanks(table: Table) -> Table:
    """The table as a text conversion prints it: empty cells gone, the rest shifted left."""
    rows = [Row(cells=[c for c in r.cells if c.strip()], line=r.line) for r in table.rows]
    return Table(caption=table.caption, header=table.header, rows=rows, line=table.line)


@pytest.mark.parametrize("order", [
    ["activity", "fte", "expenditure", "income", "net"],
    ["activity", "net", "income", "expenditure", "fte"],
    ["activity", "expenditure", "income", "net", "fte"],
])
def test_a_row_that_lost_its_blank_cells_keeps_its_figures_under_their_columns(order):
    rows = [{**SEED_ROWS[0], "fte": ""}, SEED_ROWS[1]]  # Health and Safety printed with no FTE
    records = _activities(_dropped_blanks(_table(order, rows=rows)))
    assert _values(records) == [("Health and Safety", None, 290381, 0, 290381), EXPECTED[1]]


# West Lothian's 2020/21 Legal row (000, line 438) as printed: its name and description run
# together in one cell, so the cells after it stand a column left of their own.
LEGAL = ["Legal To provide legal advice and services to support Council's businesses.",
         "Enabler Service - Corporate Governance and Risk",
         "LS111_Cost of Legal Services per £1m Budget Expenditure. Target: £2,585", "Public",
         "17.2", "928,557", "(253,285)", "675,272"]


@pytest.mark.parametrize("order", [
    ["Activity Name and Description", "Link to Corporate Plan", "Performance Indicator and Target", "PI Category",
     "Staff Resources (FTE)", "Expenditure Budget £", "Income Budget £", "Net Budget £"],
    ["Activity Name and Description", "Link to Corporate Plan", "Performance Indicator and Target", "PI Category",
     "Net Budget £", "Income Budget £", "Expenditure Budget £", "Staff Resources (FTE)"],
])
def test_indicator_link_and_description_are_placed_by_the_header_not_by_their_wording(order):
    by_header = dict(zip(["Activity Name and Description", "Link to Corporate Plan",
                          "Performance Indicator and Target", "PI Category", "Staff Resources (FTE)",
                          "Expenditure Budget £", "Income Budget £", "Net Budget £"], LEGAL, strict=True))
    first = by_header.pop("Activity Name and Description")
    cells = [first] + [by_header[h] for h in order[1:]]
    table = Table(caption="Legal Services", header=order, rows=[Row(cells=cells, line=438)], line=437)
    records = ActivityBudgetExtractor().extract(table, Context(doc_id="d", period="2020/21"))
    [activity] = [r for r in records if r.table == "activities"]
    assert (activity.activity, activity.description, activity.corporate_plan_link) == (
        "Legal", "To provide legal advice and services to support Council's businesses.",
        "Enabler Service - Corporate Governance and Risk")
    assert (activity.fte, activity.expenditure, activity.income, activity.net) == (17.2, 928557, -253285, 675272)
    [mention] = [r for r in records if r.table == "indicator_mentions"]
    [target] = [r for r in records if r.table == "measurements"]
    assert (mention.code_printed, target.pi_category, target.value) == ("LS111", "Public", 2585)
