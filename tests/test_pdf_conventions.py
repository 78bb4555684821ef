"""Whatever the printing convention and whoever printed it, a table reads back as the cells put in.

The same document (tests/pdfgen) is printed by reportlab and by LibreOffice from a DOCX, in a grid
of conventions: rules none / under the header / between rows / full grid / alternate-row shading,
the header repeated on the next page or not, the title spanned or wrapped in the first column,
two fonts and sizes, portrait and landscape. Each PDF is made once for the whole test run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.reading import read_document
from tests.pdfgen import office_pdf, reportlab_pdf
from tests.pdfgen.document import (
    BASE,
    GRID,
    RULES,
    VARIANTS,
    Convention,
    TableBlock,
    sample_document,
    stacked_tables,
)

PRODUCERS = ["reportlab", "libreoffice"]
# LibreOffice exporting a structure tree (Table/TR/TH/TD), read from the tree: `ReaderSettings.use_tags`.
TAGGED = "libreoffice-tagged"
WRAPPED_TITLE = ("a title wrapped in the first column over four lines, repeated at the top of every page, "
                 "is not all taken as printed again there: its last lines join the row above")
# Renderings the reader does not read right yet, and why.
KNOWN = {
    ("libreoffice", "rows-repeat-wrapped-sans-landscape"): WRAPPED_TITLE,
}


def _known(producer: str, conv: Convention) -> None:
    reason = KNOWN.get((producer, conv.name))
    if reason:
        pytest.xfail(reason)


@pytest.fixture(scope="session")
def renderings(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every convention of the grid by every producer available, each PDF written once."""
    out = tmp_path_factory.mktemp("conventions")
    paths: dict[tuple[str, str], Path] = {}
    for conv in GRID:
        path = out / f"reportlab-{conv.name}.pdf"
        reportlab_pdf.render(sample_document(), conv, path)
        paths[("reportlab", conv.name)] = path
    if office_pdf.available():
        docx = []
        for conv in GRID:
            docx.append(out / f"libreoffice-{conv.name}.docx")
            office_pdf.write_docx(sample_document(), conv, docx[-1])
        for conv, pdf in zip(GRID, office_pdf.convert(docx, out), strict=True):
            paths[("libreoffice", conv.name)] = pdf
        for conv, pdf in zip(GRID, office_pdf.convert(docx, out / "tagged", tagged=True), strict=True):
            paths[(TAGGED, conv.name)] = pdf
    return paths


_read: dict[Path, list[tuple[str, ...]]] = {}


def table_rows(path: Path) -> list[tuple[str, ...]]:
    """The cells of every table row the reader emits, in order (read once per file)."""
    if path not in _read:
        if path.parent.name == "tagged":
            from pipeline.reading.pdf import read_lines

            lines, _pages = read_lines(path.read_bytes(), path.name, {"use_tags": True})
        else:
            lines = read_document(path, path.name).lines
        _read[path] = [tuple(c.strip() for c in ln.cells) for ln in lines if ln.is_tabular]
    return _read[path]


def _path(renderings, producer: str, conv: Convention) -> Path:
    if (producer, conv.name) not in renderings:
        pytest.skip(f"{producer} is not installed")
    return renderings[(producer, conv.name)]


def _expected() -> list[tuple[str, ...]]:
    [table] = [b for b in sample_document() if isinstance(b, TableBlock)]
    return table.expected_rows()


@pytest.mark.parametrize("conv", GRID, ids=lambda c: c.name)
@pytest.mark.parametrize("producer", [*PRODUCERS, TAGGED])
def test_cells_read_are_the_cells_printed(renderings, producer: str, conv: Convention):
    _known(producer, conv)
    got = table_rows(_path(renderings, producer, conv))
    expected = _expected()
    missing = [r for r in expected if r not in got]
    extra = [r for r in got if r not in expected]
    assert not missing and not extra, f"missing {missing[:3]} extra {extra[:3]}"
    assert got == expected


@pytest.mark.parametrize("conv", VARIANTS, ids=lambda c: c.name)
@pytest.mark.parametrize("producer", [*PRODUCERS, TAGGED])
def test_changing_only_the_convention_changes_no_cell(renderings, producer: str, conv: Convention):
    _known(producer, conv)
    assert table_rows(_path(renderings, producer, conv)) == table_rows(_path(renderings, producer, BASE))


def test_the_grid_covers_every_convention():
    """Each rule style is printed with both settings of every other convention."""
    for rules in {c.rules for c in GRID}:
        printed = [c for c in GRID if c.rules == rules]
        for setting in ("repeat_header", "title", "font", "orientation"):
            assert len({getattr(c, setting) for c in printed}) == 2, (rules, setting)


@pytest.mark.parametrize("producer", PRODUCERS)
def test_list_items_are_prose_lines_with_their_bullet(renderings, producer: str):
    doc = read_document(_path(renderings, producer, BASE), "plan.pdf")
    texts = [ln.text for ln in doc.lines if not ln.is_tabular]
    assert "• Improve the speed and quality of the response to customers" in texts
    assert "• Reduce the cost of routine transactions by moving them online" in texts


@pytest.mark.parametrize("producer", PRODUCERS)
def test_headings_set_larger_than_body_text_are_marked(renderings, producer: str):
    from pipeline.reading.pdf import read_lines

    path = _path(renderings, producer, BASE)
    lines, _pages = read_lines(path.read_bytes(), path.name, {"mark_headings": True})
    headings = [ln.text for ln in lines if ln.text.startswith("#")]
    assert headings == ["## 1. Introduction", "## 2. Priorities", "## 3. Actions", "## 4. Monitoring"]


STACKED = [BASE.model_copy(update={"rules": r}) for r in RULES]


@pytest.fixture(scope="session")
def stacked(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Three tables printed one after another, in every rule style, by every producer available."""
    out = tmp_path_factory.mktemp("stacked")
    paths: dict[tuple[str, str], Path] = {}
    for conv in STACKED:
        path = out / f"reportlab-{conv.name}.pdf"
        reportlab_pdf.render(stacked_tables(), conv, path)
        paths[("reportlab", conv.name)] = path
    if office_pdf.available():
        docx = [out / f"libreoffice-{conv.name}.docx" for conv in STACKED]
        for conv, path in zip(STACKED, docx, strict=True):
            office_pdf.write_docx(stacked_tables(), conv, path)
        for conv, pdf in zip(STACKED, office_pdf.convert(docx, out), strict=True):
            paths[("libreoffice", conv.name)] = pdf
    return paths


@pytest.mark.parametrize("conv", STACKED, ids=lambda c: c.name)
@pytest.mark.parametrize("producer", PRODUCERS)
def test_tables_stacked_with_columns_of_their_own_come_out_apart(stacked, producer: str, conv: Convention):
    """Tables sharing an extent but not their columns are not one region: each keeps its columns."""
    got = table_rows(_path(stacked, producer, conv))
    expected = [r for b in stacked_tables() if isinstance(b, TableBlock) for r in b.expected_rows()]
    assert got == expected


@pytest.mark.parametrize("producer", PRODUCERS)
def test_the_bold_header_row_is_bold_to_its_end_and_body_rows_not(renderings, producer: str):
    doc = read_document(_path(renderings, producer, BASE), "plan.pdf")
    header = [ln for ln in doc.lines if ln.cells[:2] == ("Area", "Action")]
    body = [ln for ln in doc.lines if ln.is_tabular and ln.cells[0] in ("Digital front door", "Estates")]
    assert header and all(ln.bold_prefix == len(ln.text) for ln in header)
    assert body and all(ln.bold_prefix == 0 for ln in body)
