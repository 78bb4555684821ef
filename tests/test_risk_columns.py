"""Risk registers read by what their headers mean, whatever the order or wording of the columns."""


import pytest

from extractors import recognise
from extractors.base import Context
from extractors.risks import RisksExtractor
from pipeline.reading.layout import Row, Table

# West Lothian's WLC014 risk, printed in other councils' layouts
RISK = {"title": "WLC014 Cyber-attack resulting in data breach",
        "description": "Ineffective internal measures to detect, deter and repulse cyber attacks.",
        "likelihood": "2", "impact": "3", "owner": "IT Services Manager", "exposure": "1.5"}
LAYOUTS = [
    {"title": "Risk Title", "description": "Risk Description", "likelihood": "Likelihood", "impact": "Impact",
     "owner": "Risk Owner", "exposure": "Financial Exposure £m"},
    {"owner": "Lead Officer", "exposure": "Estimated Annual Financial Exposure (£m)", "impact": "Severity",
     "likelihood": "Probability", "description": "Risk Event", "title": "Risk"},
]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_same_risk_comes_out_of_every_layout(layout):
    header = [*layout.values(), "Review Date"]
    cells = [*(RISK[f] for f in layout), "March 2025"]
    table = Table(caption="Service Risk Register", header=header, rows=[Row(cells=cells, line=3)], line=1)
    assert isinstance(recognise(table), RisksExtractor)
    [risk] = RisksExtractor().extract(table, Context(doc_id="d"))
    assert (risk.risk_code, risk.title, risk.likelihood, risk.impact, risk.score, risk.owner, risk.exposure) == (
        "WLC014", "Cyber-attack resulting in data breach", 2, 3, 6, "IT Services Manager", 1_500_000)
    assert risk.description == RISK["description"]
    assert risk.extra == {"Review Date": "March 2025"}


def test_a_title_that_looks_like_a_code_stays_the_title():
    header = ["Directorate", "Risk Title", "Risk Event", "Current Likelihood (1-5)"]
    row = Row(cells=["ALL", "IFRS9", "Unrealised losses on pooled funds fall on the General Fund.", "3"], line=2)
    table = Table(caption="Budget Risks Register", header=header, rows=[row], line=1)
    [risk] = RisksExtractor().extract(table, Context(doc_id="d"))
    assert (risk.risk_code, risk.title, risk.likelihood) == (None, "IFRS9", 3)


@pytest.mark.parametrize(("header", "printed", "stored"), [
    (["Risk Title", "Risk Description", "RAG Rating"], "AMBER", "Amber"),
    (["Risk Title", "Risk Description", "Residual Risk"], " High ", "High"),  # no rating column: found in the row
    (["Risk Title", "Risk Description", "RAG Rating"], "Amber-ish", None),
])
def test_a_rating_is_one_of_the_vocabulary_words_whatever_its_case(header, printed, stored):
    assert RisksExtractor.vocabulary.ratings["amber"] == ["Amber"]  # the words are data (vocab/risks.yml)
    row = Row(cells=["Cyber-attack", "Ineffective measures to repulse cyber attacks.", printed], line=2)
    table = Table(caption="Risk Register", header=header, rows=[row], line=1)
    [risk] = RisksExtractor().extract(table, Context(doc_id="d"))
    assert risk.rating == stored
