"""A split word is mended only where the document proves it."""

from __future__ import annotations

from pipeline.finding.mend import mend_caption, mend_split_words, split_words
from pipeline.reading.layout import Document, Line


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


def test_a_garbled_caption_takes_the_phrase_the_document_prints_elsewhere():
    # raw/001 prints `Housing Strategy and Development` in its text and garbles one budget caption
    doc = _doc("Housing Strategy and Development\tThis service is focussed on housing",
               "Manager\tHousing Strategy and Development",
               "nousing onateggy and Development (Housing Revenue /")
    assert (mend_caption("nousing onateggy and Development (Housing Revenue /", doc)
            == "Housing Strategy and Development (Housing Revenue /")


def test_a_caption_of_real_words_is_left_alone():
    doc = _doc("Housing Strategy and Development\tx", "Housing Strategy and Development\ty",
               "Housing Need and Development\tz")
    assert mend_caption("Housing Need and Development", doc) == "Housing Need and Development"
