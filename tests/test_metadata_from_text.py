"""A document with no manifest entry says what it is in its own first lines."""

from pipeline.document_metadata import infer
from pipeline.reading.layout import Document, Line


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
    from pipeline.document_metadata import resolve

    meta, notes = resolve(_doc("Appendix I: Budget Risks Register 2025-26", "The Council must act."), None)
    assert notes == ["no raw/sources.yml entry: read from the document's own text: title 'Appendix I: Budget "
                     "Risks Register 2025-26', doc_type 'risk_register', period '2025/26'; not found: council"]


def test_a_councils_name_is_never_read_across_table_cells():
    lines = [Line(no=1, text="Uplift in Public Health Grant\tCouncil needs to review",
                  cells=("Uplift in Public Health Grant", "Council needs to review"), page=1)]
    doc = Document(source_file="x.pdf", doc_id="x", format="pdf", lines=lines, pages=1)
    assert infer(doc).council is None


def test_a_report_that_prints_only_its_councils_abbreviation_is_that_councils():
    cover = infer(_doc("From: Leader of the Council", "Subject: Quarterly Performance Report, Quarter 3, 2024/25",
                       "Of those KCC is in touch with, 80% were seen."))
    assert cover.council == "Kent County Council"


def test_an_abbreviation_shared_by_several_councils_needs_the_place_printed_beside_it():
    assert infer(_doc("The Council's budget", "LCC spending rose.")).council is None
    assert infer(_doc("The Council's budget", "LCC spending rose across Leeds.")).council == "Leeds City Council"
    assert infer(_doc("Minutes", "KCC spending rose.")).council is None  # no council spoken of


def test_the_shire_named_after_a_councils_place_places_its_abbreviation():
    # WDC is Wealden, Warwick, Wychavon and West Dunbartonshire; only Warwick gives Warwickshire its name.
    report = _doc("The Council monitors availability.", "The WDC Jobs page has 427 followers.",
                  "Broadband across Coventry, Solihull and Warwickshire.")
    assert infer(report).council == "Warwick District Council"
    assert infer(_doc("The Council monitors availability.", "The WDC Jobs page has 427 followers.",
                      "Broadband across Yorkshire.")).council is None


def test_a_printed_full_name_wins_over_an_abbreviation():
    assert infer(_doc("Medway Council budget", "The Council and KCC agreed.")).council == "Medway Council"


def test_of_the_titles_that_open_its_pages_a_document_is_named_by_the_one_its_file_name_repeats():
    lines = [Line(no=1, text="APPENDIX G - DIRECTORATE & FUNDING (PROPOSED BUDGET)",
                  cells=("APPENDIX G - DIRECTORATE & FUNDING (PROPOSED BUDGET)",), page=1),
             Line(no=2, text="Revenue Spending", cells=("Revenue Spending",), page=1),
             Line(no=3, text="APPENDIX G - KEY SERVICE STATEMENT (PROPOSED BUDGET)",
                  cells=("APPENDIX G - KEY SERVICE STATEMENT (PROPOSED BUDGET)",), page=3)]
    named = Document(source_file="raw/appendix-g-key-service-statement.pdf", doc_id="x", format="pdf",
                     lines=lines, pages=3)
    assert infer(named).title == "APPENDIX G - KEY SERVICE STATEMENT (PROPOSED BUDGET)"
    unnamed = Document(source_file="raw/0042.pdf", doc_id="x", format="pdf", lines=lines, pages=3)
    assert infer(unnamed).title == "APPENDIX G - DIRECTORATE & FUNDING (PROPOSED BUDGET)"
