"""A split word is mended only where the document proves it."""

from __future__ import annotations

from pipeline.layout import Document, Line
from pipeline.mend import mend_split_words, split_words


def _doc(*texts: str) -> Document:
    lines = [Line(no=n, text=t, cells=tuple(t.split("\t"))) for n, t in enumerate(texts, start=1)]
    return Document(source_file="x.txt", doc_id="x", format="text", lines=lines)


def test_halves_found_nowhere_else_are_joined():
    doc = _doc("Project Board\tmeets monthly", "Sue Firminger/Pr oject Board\tAll areas")
    assert split_words(doc) == {"Pr oject": "Project"}
    mended = mend_split_words(doc)
    assert mended.lines[1].cells == ("Sue Firminger/Project Board", "All areas")
    assert mended.lines[1].text == "Sue Firminger/Pr oject Board\tAll areas"


def test_real_words_are_left_alone():
    # `in` and `to` are words of their own, printed once or not; `into` being a word proves nothing
    doc = _doc("log in to the portal", "moved into the portal")
    assert split_words(doc) == {}


def test_a_half_printed_elsewhere_is_a_word():
    doc = _doc("Pr oject Board", "the oject of it", "Project")
    assert split_words(doc) == {}
