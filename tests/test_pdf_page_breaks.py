"""A borderless table the page break cuts: its columns, its header and its rows read whole again
(and one a sentence above does not cut either, nor is one set directly above another one).

Each PDF is drawn word by word with reportlab's canvas, so the page break falls exactly where the
test needs it: as an office suite breaks a row across pages (Word's default), the cells still
running at the foot of the page go on at the top of the next, those that had ended stay empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.reading import read_document

SIZE = 8.0
LEADING = 10.0  # between the wrapped lines of a cell
ROW_GAP = 16.0  # between the last line of a row and the first of the next
FOOT = 780.0  # the lowest line of text a page holds, from the top


def _draw(path: Path, pages: list[list[list[list[str]]]], columns: list[float], ruled: bool = False) -> None:
    """`pages` of rows, each row a list of cells, each cell its printed lines: drawn from the top
    of each page down, with a page number under the foot; `ruled` boxes every cell in rules."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    edges = [x - 6 for x in columns] + [width - 30]
    for number, rows in enumerate(pages, start=1):
        pdf.setFont("Helvetica", SIZE)
        top = FOOT - sum(LEADING * (max(len(c) for c in row) - 1) for row in rows) - ROW_GAP * (len(rows) - 1)
        for row in rows:
            for x, lines in zip(columns, row, strict=True):
                for n, text in enumerate(lines):
                    pdf.drawString(x, height - top - n * LEADING, text)
            bottom = top + LEADING * (max(len(c) for c in row) - 1)
            if ruled:
                for x0, x1 in zip(edges, edges[1:], strict=False):
                    pdf.rect(x0, height - bottom - (ROW_GAP - SIZE) / 2 - 2, x1 - x0, bottom - top + ROW_GAP)
            top = bottom + ROW_GAP
        pdf.drawCentredString(width / 2, 30, str(number))
        pdf.showPage()
    pdf.save()


def _table_lines(path: Path) -> list:
    """The document's lines from its first table row to its last, blank lines included."""
    lines = read_document(path, path.name).lines
    rows = [n for n, ln in enumerate(lines) if ln.is_tabular]
    return lines[rows[0]:rows[-1] + 1]


PRIORITY_COLUMNS = [40.0, 130.0, 260.0, 380.0, 520.0]
PRIORITY_HEADER = [["Council priority"], ["Deliverable"], ["Key activities"], ["Indicator"], ["Target"]]


def test_a_row_split_by_the_page_break_is_one_row_though_its_first_column_is_no_key(tmp_path: Path):
    """A row adding a deliverable to the priority above leaves the first column empty, so that
    column is no key column; the split row's rest leaves it empty too, and the short value
    columns, which had ended on the first page."""
    first = [PRIORITY_HEADER,
             [["3 Minimising poverty"], ["(P3.4) Increasing the supply", "of affordable homes."],
              ["Work with partners to", "deliver new homes"], ["CP:HSD309 Homes delivered"], ["90%"]],
             [[], ["HCBS also contributes to", "tenancy support."], ["Tenancy support"],
              ["HQS020 Tenancies sustained"], ["88%"]],
             [["7 Reducing crime"], ["(P7.1) Sharing intelligence", "every day, so that crimes", "are prevented."],
              ["Management of community", "safety activities and the", "processes that support"],
              ["HQS080 Antisocial cases"], ["760"]]]
    second = [PRIORITY_HEADER,
              [[], ["Dependent on the police", "plan review."], ["early intervention."], [], []],
              [["8 Protecting places"], ["(P8.1) Cleaner streets."], ["Street cleaning"],
               ["ENV001 Streets clean"], ["95%"]]]
    path = tmp_path / "priorities.pdf"
    _draw(path, [first, second], PRIORITY_COLUMNS)
    rows = [ln.cells for ln in _table_lines(path)]
    assert rows == [
        ("Council priority", "Deliverable", "Key activities", "Indicator", "Target"),
        ("3 Minimising poverty", "(P3.4) Increasing the supply of affordable homes.",
         "Work with partners to deliver new homes", "CP:HSD309 Homes delivered", "90%"),
        ("", "HCBS also contributes to tenancy support.", "Tenancy support", "HQS020 Tenancies sustained", "88%"),
        ("7 Reducing crime", "(P7.1) Sharing intelligence every day, so that crimes are prevented. "
         "Dependent on the police plan review.",
         "Management of community safety activities and the processes that support early intervention.",
         "HQS080 Antisocial cases", "760"),
        ("8 Protecting places", "(P8.1) Cleaner streets.", "Street cleaning", "ENV001 Streets clean", "95%"),
    ]


def test_a_new_group_at_the_top_of_the_page_is_a_row_of_its_own(tmp_path: Path):
    """A row of one line at the foot cannot have been split: the row below it, its first column
    empty (the same group), is a row of its own even where the table is too short to know its key
    columns."""
    header = [["Customer group"], ["Method"], ["Frequency"], ["Officer"], ["Feedback"]]
    first = [header, [["Tenants"], ["Tenants Panel"], ["Monthly"], ["Housing Manager"], ["Minutes"]]]
    second = [[[], ["Led Inspections"], ["Annual"], ["Housing Manager"], ["Tenants News"]],
              [["Owners"], ["Survey"], ["Yearly"], ["Performance Manager"], ["Website"]]]
    path = tmp_path / "schedule.pdf"
    _draw(path, [first, second], PRIORITY_COLUMNS)
    assert [ln.cells for ln in _table_lines(path)] == [
        ("Customer group", "Method", "Frequency", "Officer", "Feedback"),
        ("Tenants", "Tenants Panel", "Monthly", "Housing Manager", "Minutes"),
        ("", "Led Inspections", "Annual", "Housing Manager", "Tenants News"),
        ("Owners", "Survey", "Yearly", "Performance Manager", "Website"),
    ]


ENABLER_HEADER = [["Council enabler"], ["Deliverable"], ["Key activity"], ["Indicator"], ["Target"]]


@pytest.mark.parametrize("ruled", [False, True], ids=["borderless", "ruled"])
def test_a_row_split_inside_every_cell_is_one_row(tmp_path: Path, ruled: bool):
    """A row of one line at the foot of the page whose every cell runs on at the top of the next
    (its first cell too): the words there start lower-case under cells that had not ended a
    sentence, so they are the row's rest though they fill every column the row printed, and the
    table is too short to know its key columns. The row after it starts its own."""
    first = [ENABLER_HEADER,
             [["Modernisation"], ["(E3.4) Planning, managing and"], ["HR policy and procedure"],
              ["Percentage of employees who"], ["80%"]]]
    second = [ENABLER_HEADER,
              [["and Improvement"], ["developing a skilled workforce."], ["development."],
               ["agree they get the training."], []],
              [["Modernisation and", "Improvement"], ["(E3.5) Designing programmes."], ["Workforce planning."],
               ["P:CORW010 Managers trained"], ["100%"]]]
    path = tmp_path / "priorities.pdf"
    _draw(path, [first, second], PRIORITY_COLUMNS, ruled)
    assert [ln.cells for ln in _table_lines(path)] == [
        ("Council enabler", "Deliverable", "Key activity", "Indicator", "Target"),
        ("Modernisation and Improvement", "(E3.4) Planning, managing and developing a skilled workforce.",
         "HR policy and procedure development.", "Percentage of employees who agree they get the training.",
         "80%"),
        ("Modernisation and Improvement", "(E3.5) Designing programmes.", "Workforce planning.",
         "P:CORW010 Managers trained", "100%"),
    ]


def test_a_header_split_by_the_page_break_is_one_header(tmp_path: Path):
    """A table whose first page holds only its title and the first lines of its header: the rest
    of the header's cells at the top of the next page complete them."""
    title = [["Housing Operations"], [], [], [], []]
    header = [["Activity name", "and description"], ["Link to plan"], ["Indicator"], ["Staff", "resources"],
              ["Net budget", "2021/22"]]
    second = [[[], [], [], ["(FTE)"], ["£"]],
              [["Repairs"], ["8 Protecting places"], ["BUS002 Repairs on time"], ["12.0"], ["1,200"]],
              [["Voids"], ["8 Protecting places"], ["HQS034 Rent lost"], ["3.0"], ["300"]]]
    path = tmp_path / "budget.pdf"
    _draw(path, [[title, header], second], PRIORITY_COLUMNS)
    assert [ln.cells for ln in _table_lines(path)] == [
        ("Housing Operations", "", "", "", ""),
        ("Activity name and description", "Link to plan", "Indicator", "Staff resources (FTE)",
         "Net budget 2021/22 £"),
        ("Repairs", "8 Protecting places", "BUS002 Repairs on time", "12.0", "1,200"),
        ("Voids", "8 Protecting places", "HQS034 Rent lost", "3.0", "300"),
    ]


def test_a_continued_table_keeps_its_columns_though_its_gutters_narrow(tmp_path: Path):
    """Rows on the next page reaching further into a gutter than the first page's did (its middle
    moves by more than a cell's padding) are the same table in the same columns, not a new one."""
    columns = [50.0, 150.0, 300.0, 400.0, 500.0]
    header = [["Group"], ["Method"], ["Frequency"], ["Officer"], ["Feedback"]]
    first = [header, [["Tenants"], ["Panel"], ["Monthly"], ["Manager"], ["Minutes"]],
             [[], ["Survey"], ["Annual"], ["Manager"], ["Website"]]]
    second = [[[], ["Participation Development Working"], ["On-going"], ["Housing Manager"], ["News"]],
              [["Owners"], ["Factoring customer satisfaction"], ["Yearly"], ["Factoring Officer"], ["Letter"]]]
    path = tmp_path / "schedule.pdf"
    _draw(path, [first, second], columns)
    lines = _table_lines(path)
    assert not any(ln.is_blank for ln in lines)  # one table
    assert [ln.cells for ln in lines] == [
        ("Group", "Method", "Frequency", "Officer", "Feedback"),
        ("Tenants", "Panel", "Monthly", "Manager", "Minutes"),
        ("", "Survey", "Annual", "Manager", "Website"),
        ("", "Participation Development Working", "On-going", "Housing Manager", "News"),
        ("Owners", "Factoring customer satisfaction", "Yearly", "Factoring Officer", "Letter"),
    ]


SCORECARD = [["Unit", "Indicator", "Performance", "Target", "Next target"],
             ["HR", "HRS516 Customers satisfied", "91%", "92%", "92%"],
             ["", "HRS550 Complaints", "3", "4", "4"],
             ["", "HRS500 Unit cost", "£325", "£290", "£305"],
             ["IT", "ITS008 Customers satisfied", "96%", "98%", "98%"],
             ["", "ITS010 Complaints", "0", "0", "0"]]


def _scorecard_pdf(path: Path) -> None:
    """The sentence's first run ends over the gutter after the first column, its second before
    the third column."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", SIZE)
    height = A4[1]
    pdf.drawString(40, height - 100, "performance met the target =")
    pdf.drawString(150, height - 100, "/ two were below the target")
    tops = [112, 124, 136, 156, 168, 180]  # a wider space above the third indicator
    for top, cells in zip(tops, SCORECARD, strict=True):
        for left, text in zip([40.0, 130.0, 300.0, 400.0, 500.0], cells, strict=True):
            if text:
                pdf.drawString(left, height - top, text)
    pdf.showPage()
    pdf.save()


def test_a_sentence_above_a_table_does_not_split_it(tmp_path: Path):
    """The last line of a sentence printed with a wide gap (where a symbol sat) just above a table
    crosses the gutter of its first column; its words are not the table's, so the rows after a
    wider space between rows, which keep that gutter, are not a table of their own."""
    path = tmp_path / "scorecard.pdf"
    _scorecard_pdf(path)
    lines = _table_lines(path)
    assert not any(ln.is_blank for ln in lines)  # one table
    assert [ln.cells for ln in lines] == [tuple(r) for r in SCORECARD]


def test_a_table_of_three_columns_directly_above_a_header_of_six_is_a_table_of_its_own(tmp_path: Path):
    """The wide gutters of the three columns each hold a narrower gutter of the six below, so no
    gutter is lost; but none of the three-column table's cells starts or ends where a cell below
    does: they are two tables, the six columns a new one."""
    above = [("Community Map", "", ""), ("Rollout Map Pro", "Mark Barnes", "None"),
             ("Map for schools", "Jo Hart", "£2,000")]
    below = [("Project", "Lead", "Budget", "Impact", "Milestones", "Date"),
             ("Boundary review", "G Leach", "None", "All areas", "Report to board", "June"),
             ("Ballot papers", "G Friar", "£5,000", "Procurement", "Tender in May", "July")]
    path = tmp_path / "projects.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", SIZE)
    top = A4[1] - 600.0
    for columns, rows in (([40.0, 300.0, 405.0], above), ([40.0, 170.0, 240.0, 330.0, 430.0, 520.0], below)):
        for cells in rows:
            for x, text in zip(columns, cells, strict=True):
                pdf.drawString(x, top, text)
            top -= ROW_GAP
    pdf.showPage()
    pdf.save()
    lines = _table_lines(path)
    blank = [n for n, ln in enumerate(lines) if ln.is_blank]
    assert blank, "read as one table"
    assert [ln.cells for ln in lines[:blank[0]]] == above
    assert [ln.cells for ln in lines[blank[-1] + 1:]] == below


def test_the_wrapped_first_cell_of_a_table_s_last_row_stays_in_the_row(tmp_path: Path):
    """The last row's first cell runs on over two more lines after its other cells have ended:
    set at the cell's line spacing, they are the row's, not prose below the table."""
    path = tmp_path / "actions.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", SIZE)
    height = A4[1]
    rows = [(["Action"], ["Lead"], ["Budget"]),
            (["Review the service standard"], ["J Smith"], ["None"]),
            (["Review the current desktop provision and", "align it to service needs, including",
              "the new office."], ["L Millest"], ["£10,000"])]
    top = 100.0
    for row in rows:
        for x, lines in zip([40.0, 300.0, 420.0], row, strict=True):
            for n, text in enumerate(lines):
                pdf.drawString(x, height - top - n * LEADING, text)
        top += LEADING * (max(len(c) for c in row) - 1) + ROW_GAP
    pdf.drawString(40, height - top - 30, "Progress is reported to the committee twice a year.")
    pdf.showPage()
    pdf.save()
    assert [ln.cells for ln in _table_lines(path)] == [
        ("Action", "Lead", "Budget"), ("Review the service standard", "J Smith", "None"),
        ("Review the current desktop provision and align it to service needs, including the new office.",
         "L Millest", "£10,000")]
