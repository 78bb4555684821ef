"""Indicator boxes of a quarterly performance report (Kent County Council, Quarter 3 2024/25,
page 48), read from the real PDF one page at a time; values checked against the printed page."""

from kent import QPR, kent_pages, only, requires_kent

from extractors.kpi_lines import quarters
from pipeline.document_metadata import DocumentMeta
from pipeline.extract import extract_document


def test_a_reports_quarter_gives_latest_and_previous():
    assert quarters("Quarterly Performance Report Quarter 3 2024/25", None) == ("2024/25 Q3", "2024/25 Q2")
    assert quarters("Performance Report Q1 2024-25", None) == ("2024/25 Q1", "2023/24 Q4")


@requires_kent
def test_kent_indicator_boxes_page_48():
    page = kent_pages(QPR, 44, 48)
    meta = DocumentMeta(title="Quarterly Performance Report Quarter 3 2024/25", period="2024/25")
    rows = [m for m in extract_document(page, meta).records if m.table == "measurements" and m.page == 48]
    foster = [(m.measure, m.period, m.value, m.unit, m.raw, m.rating) for m in rows
              if m.indicator_name == "Number of foster households"]
    assert foster == [
        ("actual", "2024/25 Q3", 613, None, "613", "red"),
        ("target", "2024/25 Q3", 700, None, "700", None),
        ("floor", "2024/25 Q3", 650, None, "650", None),
        ("actual", "2024/25 Q2", 612, None, "612", "red"),
    ]
    assert len(rows) == 16  # four boxes on the page, four values each
    assert {m.service for m in rows} == {
        "Children, Young People and Education (Integrated Children’s Services)"}


@requires_kent
def test_kent_corporate_risk_boxes_page_68():
    page = only(kent_pages(QPR, 67, 68, 69), 68)
    risks = [r for r in extract_document(page, DocumentMeta()).records if r.table == "risks"]
    assert [(r.risk_code, r.title) for r in risks] == [
        ("CRR0009", "Future financial and operating environment for Local Government"),
        ("CRR0014", "Cyber Information Security Resilience"),
        ("CRR0015", "Sustainability of the Social Care Market"),
        ("CRR0039", "Information Governance"),
    ]


@requires_kent
def test_kent_corporate_risk_box_actions_page_68():
    page = only(kent_pages(QPR, 67, 68, 69), 68)
    actions = [r for r in extract_document(page, DocumentMeta()).records if r.table == "actions"]
    assert [(a.group.split(":")[0], a.status) for a in actions][:4] == [
        ("CRR0009", "partially complete"), ("CRR0014", "action outstanding"),
        ("CRR0015", "partially complete"), ("CRR0039", "complete")]
    assert actions[0].update.startswith("Improving financial resilience by developing better scrutiny")
    assert actions[0].update.endswith("revised to the end of the financial year.")
    # an action's title is the bold text it opens with (page 68, CRR0039's first action)
    governance = actions[3]
    assert governance.title == "Annual Governance Statement (AGS) Action Plan."
    assert governance.update.startswith("There has been regular reporting to Governance & Audit Committee")


def test_kent_a_bold_title_wrapped_over_two_lines_or_ending_inside_a_line():
    page = only(kent_pages(QPR, 67, 68, 69), 67, 69)
    titles = {a.title: a.update for a in extract_document(page, DocumentMeta()).records if a.table == "actions"}
    # CRR0003 (page 67): the bold title runs onto a second line
    assert ("Make use of KCC’s new role as Accountable Body for the Kent & Medway Functional Economic Area "
            "(post LEP landscape)") in titles
    # CRR0042 (page 69): only the first four words are bold
    assert titles["Presentations to Cabinet Committee"].startswith("on potential impacts relating to people")


def test_a_risk_box_belongs_to_the_unit_whose_section_prints_it(tmp_path):
    """A corporate-risk box printed inside a unit's section of a plan is that unit's risk."""
    from conftest import RAW

    from pipeline.document_metadata import infer
    from pipeline.extract import extract_document
    from pipeline.reading import read_document

    name = "000_c2003f9b50c7b217.txt"
    lines = (RAW / name).read_text(encoding="utf-8").splitlines()
    seed = read_document(RAW / name, name)
    plain = extract_document(seed, infer(seed))
    units = sorted((r.line, r.name) for r in plain.records if r.table == "services")
    (_, second), (third_line, _) = units[1], units[2]
    box = ["", "CRR0099: Retaining qualified staff in a competitive market", "Regular Review",
           "Recruit and train apprentices in every team", ""]
    lines[third_line - 1:third_line - 1] = box  # just before the third unit's header: the second's section
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    doc = read_document(path, name)
    records = extract_document(doc, infer(doc)).records
    [risk] = [r for r in records if r.table == "risks" and r.risk_code == "CRR0099"]
    assert risk.service == second
