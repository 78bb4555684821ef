"""A document with no manifest entry says what it is in its own first lines."""

from pipeline.layout import Document, Line
from pipeline.metadata import infer


def _doc(*texts: str) -> Document:
    lines = [Line(no=n + 1, text=t, cells=(t,), page=1) for n, t in enumerate(texts)]
    return Document(source_file="x.pdf", doc_id="x", format="pdf", lines=lines, pages=1)


def test_a_title_printed_over_several_lines_keeps_its_quarter_and_year():
    meta = infer(_doc("Kent County Council", "Quarterly Performance Report", "Quarter 3", "2024/25",
                      "Produced by: Kent Analytics", "Figures for 2023/24 and 2023/24 are compared."))
    assert (meta.council, meta.title, meta.doc_type, meta.period) == (
        "Kent County Council", "Quarterly Performance Report Quarter 3 2024/25", "performance_report", "2024/25")


def test_a_risk_register_and_a_budget_are_told_apart_by_their_titles():
    register = infer(_doc("Appendix I: Budget Risks Register 2025-26", "This means the Council must act."))
    assert (register.title, register.doc_type, register.period, register.council) == (
        "Appendix I: Budget Risks Register 2025-26", "risk_register", "2025/26", None)
    budget = infer(_doc("Revenue Budget 2025-26 Key Service Statement", "Surrey County Council"))
    assert (budget.doc_type, budget.period, budget.council) == ("budget", "2025/26", "Surrey County Council")


def test_without_a_manifest_entry_the_log_says_what_was_read_and_what_was_not():
    from pipeline.metadata import resolve

    meta, notes = resolve(_doc("Appendix I: Budget Risks Register 2025-26", "The Council must act."), None)
    assert notes == ["no raw/sources.yml entry: read from the document's own text: title 'Appendix I: Budget "
                     "Risks Register 2025-26', doc_type 'risk_register', period '2025/26'; not found: council"]


def test_a_councils_name_is_never_read_across_table_cells():
    lines = [Line(no=1, text="Uplift in Public Health Grant\tCouncil needs to review",
                  cells=("Uplift in Public Health Grant", "Council needs to review"), page=1)]
    doc = Document(source_file="x.pdf", doc_id="x", format="pdf", lines=lines, pages=1)
    assert infer(doc).council is None
