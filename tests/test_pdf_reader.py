"""PDF plans read into the same records as text: tables ruled and borderless, across pages, bad files.

Every PDF here is built by the test with reportlab from rows chosen for it. The activity budget rows
are the `Civic Centre Admin` table of the West Lothian Corporate Services plan 2020/21 (seed 000),
whose values were checked against the seed.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from kent import QPR, kent_pages, requires_kent
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from benchmarks.render_seeds import parse_seed, render
from pipeline.build import build
from pipeline.document_metadata import DocumentMeta
from pipeline.errors import NeedsOCR, UnreadableDocument
from pipeline.extract import extract_document
from pipeline.reading import read_document
from pipeline.reading.pdf import read_pages
from pipeline.reading.pdf_furniture import is_page_number
from pipeline.records import ActivityRecord, BudgetTotalRecord, EngagementRecord, MeasurementRecord

FIXTURES = Path(__file__).parent / "fixtures"
META = DocumentMeta(council="West Lothian Council", service="Corporate Services", period="2020/21")
RUNNING_HEADER = "Corporate Services Management Plan 2020/21"


def _records(path: Path, kind: type) -> list:
    doc = read_document(path, path.name)
    return [r for r in extract_document(doc, META).records if isinstance(r, kind)]


@pytest.fixture(params=["ruled", "borderless"])
def activity_pdf(request, tmp_path: Path) -> Path:
    text = (FIXTURES / "civic_centre_admin.txt").read_text(encoding="utf-8")
    path = tmp_path / f"civic_centre_admin.{request.param}.pdf"
    render(parse_seed(text), path, request.param, running_header=RUNNING_HEADER)
    return path


def test_activity_budget_rows_from_pdf(activity_pdf: Path):
    activities = _records(activity_pdf, ActivityRecord)
    assert [(a.activity, a.fte, a.expenditure, a.income, a.net) for a in activities] == [
        ("Reception", 2.47, 57880, -38255, 19626),
        ("Mailroom Services", 4.12, 219964, -169258, 50707),
        ("Administration Support", 15.42, 399374, 0, 399374),
        ("Service Support", 0.1, 17527, 0, 17527),
    ]
    assert {a.table_title for a in activities} == {"Civic Centre Admin"}
    assert {a.page for a in activities} == {1}
    assert {a.line for a in activities} == {None}  # a PDF row is cited by page, not by line
    # printed over several lines of a narrow column, read back as one cell
    assert activities[1].description == (
        "Management of all incoming and outgoing mail at the Civic Centre on behalf of West Lothian "
        "Council and its Partners. Managing an outgoing mail service on behalf of West Lothian College")
    assert activities[0].corporate_plan_link == "Enabler Service – Modernisation and Improvement"


def test_activity_budget_targets_from_pdf(activity_pdf: Path):
    targets = _records(activity_pdf, MeasurementRecord)
    assert [(m.code, m.value, m.unit, m.raw, m.pi_category) for m in targets] == [
        ("HRS661", 0.33, "£", "£0.33", "High Level"),
        # two indicators printed in one cell, each with its own target and category
        ("HRS663", 0.32, "£", "£0.32", "High Level"),
        ("HRS670", 86, "%", "86%", "Public"),
        ("HRS667", 1730, "£", "£1,730", "Public"),
        ("HRS668", 99, "%", "99%", "High Level"),
    ]
    assert {(m.period, m.measure, m.page) for m in targets} == {("2020/21", "target", 1)}


def test_budget_total_from_pdf(activity_pdf: Path):
    [total] = _records(activity_pdf, BudgetTotalRecord)
    assert (total.fte, total.expenditure, total.income, total.net) == (22.11, 694746, -207512, 487234)
    assert total.table_title == "Civic Centre Admin"


def test_pdf_matches_text_path(activity_pdf: Path):
    """Field for field, the PDF gives what the text it was printed from gives."""
    def fields(path: Path) -> list[dict]:
        skip = {"doc_id", "line", "page", "source_text", "activity_id", "measurement_id", "mention_id",
                "total_id", "bbox"}
        doc = read_document(path, path.name)
        return [{k: v for k, v in r.model_dump().items() if k not in skip}
                for r in extract_document(doc, META).records]

    assert fields(activity_pdf) == fields(FIXTURES / "civic_centre_admin.txt")


SCHEDULE_HEADER = ["Customer Group", "Method", "Frequency", "Responsible Officer", "Feedback Method"]
SCHEDULE_ROWS = [
    [f"Tenant group {n}", "Survey of tenants", "Annual", "Housing Manager", f"Tenants News issue {n}"]
    for n in range(1, 61)
]


def _schedule_pdf(path: Path, ruled: bool, repeat_header: bool) -> None:
    """A consultation schedule too long for one page, printed with or without its header again."""
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black) if ruled
                 else ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black))
    table = Table([SCHEDULE_HEADER, *SCHEDULE_ROWS], repeatRows=1 if repeat_header else 0,
                  style=TableStyle(style), hAlign="LEFT")
    caption = Paragraph("Customer Consultation Schedule 2020/21")

    def decorate(page, doc) -> None:
        page.setFont("Helvetica", 8)
        page.drawString(36, A4[1] - 22, RUNNING_HEADER)
        page.drawCentredString(A4[0] / 2, 16, str(doc.page))

    SimpleDocTemplate(str(path), pagesize=A4).build([caption, table], onFirstPage=decorate,
                                                    onLaterPages=decorate)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "borderless"])
@pytest.mark.parametrize("repeat_header", [True, False], ids=["header-repeated", "header-once"])
def test_table_across_two_pages_is_one_table(tmp_path: Path, ruled: bool, repeat_header: bool):
    path = tmp_path / "schedule.pdf"
    _schedule_pdf(path, ruled, repeat_header)
    doc = read_document(path, path.name)
    assert doc.pages == 2
    rows = _records(path, EngagementRecord)
    assert [(r.group, r.method, r.frequency, r.responsible_officer, r.feedback_method) for r in rows] == [
        tuple(row) for row in SCHEDULE_ROWS]
    assert {r.audience for r in rows} == {"customer"}
    assert rows[0].page == 1 and rows[-1].page == 2
    pages = [r.page for r in rows]
    assert pages == sorted(pages)
    # the running header and the page numbers are not read as text
    texts = {line.text for line in doc.lines}
    assert RUNNING_HEADER not in texts and "1" not in texts and "2" not in texts


# Seed 001's customer consultation schedule (Housing, Customer and Building Services 2021/22).
CONSULTATION_ROWS = [
    ["Tenant representatives", "Tenants Panel Meeting", "Monthly",
     "Housing Management and Community Safety Manager", "Tenants Panel minutes available"],
    ["", "Tenant Led Inspections", "Annual", "Housing Management and Community Safety Manager",
     "Feedback session, Tenants News"],
    ["Current Tenants", "Local Tenants Information Events", "Annual",
     "Housing Management and Community Safety Manager", "Tenants News, Housing Networks, Tenants Panel"],
    ["", "Annual Tenant Satisfaction survey", "Biennial", "Performance and Change Manager",
     "Results and what we will do to improve reported to tenant groups, in Tenants News and on the website"],
]


def _browser_style_pdf(path: Path) -> None:
    """A borderless schedule set as a browser prints HTML: the rule under the header drawn as one
    short border per cell, under a point of padding, so rows are hardly further apart than the wrapped
    lines of a cell, and the caption one such row above the header."""
    size = 8
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=size, leading=size * 1.2)
    rows = [["Customer Consultation Schedule 2021/22", "", "", "", ""], SCHEDULE_HEADER, *CONSULTATION_ROWS]
    data = [[Paragraph(c, cell) for c in row] for row in rows]
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("SPAN", (0, 0), (-1, 0)),
             ("TOPPADDING", (0, 0), (-1, -1), 0.8), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8)]
    style += [("LINEBELOW", (c, 1), (c, 1), 0.8, colors.black) for c in range(len(SCHEDULE_HEADER))]
    table = Table(data, colWidths=[90, 110, 60, 110, 115], style=TableStyle(style), hAlign="LEFT")
    SimpleDocTemplate(str(path), pagesize=A4).build([table])


def test_browser_style_borderless_table(tmp_path: Path):
    path = tmp_path / "schedule.pdf"
    _browser_style_pdf(path)
    # five borders, each narrower than a table rule, read as the one rule under the whole header
    [page] = read_pages(path.read_bytes(), path.name)
    assert [(round(x0), round(x1)) for x0, x1, _y in page.rules] == [(78, 563)]
    rows = _records(path, EngagementRecord)
    assert [(r.group, r.method, r.frequency, r.responsible_officer, r.feedback_method) for r in rows] == [
        ("Tenant representatives", "Tenants Panel Meeting", "Monthly",
         "Housing Management and Community Safety Manager", "Tenants Panel minutes available"),
        ("Tenant representatives", "Tenant Led Inspections", "Annual",
         "Housing Management and Community Safety Manager", "Feedback session, Tenants News"),
        ("Current Tenants", "Local Tenants Information Events", "Annual",
         "Housing Management and Community Safety Manager", "Tenants News, Housing Networks, Tenants Panel"),
        ("Current Tenants", "Annual Tenant Satisfaction survey", "Biennial", "Performance and Change Manager",
         "Results and what we will do to improve reported to tenant groups, in Tenants News and on the website"),
    ]


def test_caption_shows_a_column_empty_below_it(tmp_path: Path):
    """Seed 001 prints the caption of a continued activity table split over its first three columns,
    the second of which is empty in every row below: only the caption shows where that column lies."""
    rows = [["Housing Operat", "ions (Housing Revenue Acc", "count)", ""],
            ["Activity", "", "Link to Corporate Plan", "Net Budget £"],
            ["Rent Collection", "", "8 Protecting the environment", "0"],
            ["Tenant Participation", "", "Enabler Service - Modernisation", "0"]]
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTSIZE", (0, 0), (-1, -1), 7),
             ("LINEBELOW", (0, 1), (-1, 1), 0.8, colors.black)]
    path = tmp_path / "caption.pdf"
    table = Table(rows, colWidths=[80, 120, 170, 60], style=TableStyle(style), hAlign="LEFT")
    SimpleDocTemplate(str(path), pagesize=A4).build([table])
    doc = read_document(path, path.name)
    assert [line.cells for line in doc.lines if not line.is_blank] == [tuple(row) for row in rows]


def test_page_numbers_are_told_from_years():
    assert is_page_number("7") and is_page_number("Page 7") and is_page_number("7 of 20")
    assert is_page_number("7/20")
    assert not is_page_number("2021/22") and not is_page_number("Total: 7")


# --- bad files -------------------------------------------------------------------------------------


def _one_page_pdf(**options) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, **options)
    page.drawString(72, 720, "Corporate Services Management Plan 2020/21")
    page.save()
    return buffer.getvalue()


def test_encrypted_pdf_is_refused(tmp_path: Path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "locked.pdf"
    path.write_bytes(_one_page_pdf(encrypt=StandardEncryption("secret", ownerPassword="owner")))
    with pytest.raises(UnreadableDocument, match="encrypted"):
        read_document(path, path.name)


def test_truncated_pdf_is_refused(tmp_path: Path):
    data = _one_page_pdf()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableDocument, match="truncated"):
        read_document(path, path.name)


def test_text_named_pdf_is_refused(tmp_path: Path):
    path = tmp_path / "plan.pdf"
    path.write_text("Corporate Services Management Plan 2020/21\n", encoding="utf-8")
    with pytest.raises(UnreadableDocument, match="not a PDF"):
        read_document(path, path.name)


def test_image_only_pdf_needs_ocr(tmp_path: Path):
    scan = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(scan, format="PNG")
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawImage(ImageReader(io.BytesIO(scan.getvalue())), 72, 500, width=400, height=200)
    page.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(NeedsOCR, match="OCR"):
        read_document(path, path.name)


def test_bad_pdf_is_logged_and_the_build_goes_on(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = (FIXTURES / "civic_centre_admin.txt").read_text(encoding="utf-8")
    render(parse_seed(text), raw / "civic.pdf", "ruled")
    (raw / "broken.pdf").write_bytes(_one_page_pdf()[:300])
    report = build([raw], tmp_path / "plans.db", exports=False)
    assert report.documents == 1
    [failed] = report.failed
    assert failed.source_file == "broken.pdf" and "truncated" in failed.error
    import sqlite_utils

    db = sqlite_utils.Database(tmp_path / "plans.db")
    [document] = db["documents"].rows
    assert (document["format"], document["pages"]) == ("pdf", 1)
    assert db["activities"].count == 4


@requires_kent
def test_the_bold_start_of_a_line_is_measured_from_its_fonts():
    """Page 4 of Kent's Q3 2024/25 report: a service's name in Arial Bold opens its summary, the
    KPI box's header prints only `Latest` bold, a KPI row starts regular (its RAG cells are bold)."""
    doc = kent_pages(QPR, 3, 4, 5)
    page = [ln for ln in doc.lines if ln.page == 4 and not ln.is_blank]
    summary = next(ln for ln in page if ln.text.startswith("Customer Services – Satisfaction"))
    assert summary.text[:summary.bold_prefix] == "Customer Services"
    header = next(ln for ln in page if ln.cells[1:3] == ("Latest", "Previous"))
    assert header.text[:header.bold_prefix] == "\tLatest"
    row = next(ln for ln in page if ln.text.startswith("% of phone calls to Contact Point"))
    assert row.bold_prefix == 0


def test_text_lines_do_not_know_their_weight(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("Actions\nAction\tOwner\n", encoding="utf-8")
    assert {ln.bold_prefix for ln in read_document(path, path.name).lines} == {None}


@requires_kent
def test_pages_read_alone_keep_their_numbers():
    """Three pages of a 71-page report read alone cite the pages they were printed on."""
    doc = kent_pages(QPR, 3, 4, 5)
    assert {ln.page for ln in doc.lines} == {3, 4, 5}
    assert doc.pages == 3


def test_a_pdf_setting_of_plans_build_reaches_the_reader_and_keys_the_cache(tmp_path: Path):
    """`--pdf-setting` is validated up front, is part of each document's cache key (a PDF read one
    way is not reused for another) and is what the reader reads by: with gutters wider than any the
    page prints, the budget is no table at all."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    raw = tmp_path / "raw"
    raw.mkdir()
    text = (FIXTURES / "civic_centre_admin.txt").read_text(encoding="utf-8")
    render(parse_seed(text), raw / "civic.pdf", "borderless", running_header=RUNNING_HEADER)
    command = ["build", str(raw), "--db", str(tmp_path / "out" / "plans.db"), "--quiet"]
    runner = CliRunner()
    first, again = runner.invoke(cli, command), runner.invoke(cli, command)
    assert first.exit_code == 0 and "(1 read, 0 reused)" in first.output
    assert again.exit_code == 0 and "(0 read, 1 reused)" in again.output
    wide = runner.invoke(cli, [*command, "--pdf-setting", "gutter_min=60"])
    assert wide.exit_code == 1 and "(1 read, 0 reused)" in wide.output
    assert "civic.pdf: no tables of any known kind were found" in wide.output
    wrong = runner.invoke(cli, [*command, "--pdf-setting", "gutter_width=60"])
    assert wrong.exit_code == 2 and "gutter_width: Extra inputs are not permitted" in wrong.output
