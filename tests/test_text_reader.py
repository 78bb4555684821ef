"""Text plans become numbered lines of cells; unreadable files give a clear error."""

import pytest

from pipeline.errors import UnreadableDocument
from pipeline.reading import read_document


def test_lines_are_numbered_and_split_on_tabs(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("Title\n\nAction\tOwner\nPeople Strategy\tHR Services Manager\n", encoding="utf-8")
    doc = read_document(path, "plan.txt")
    assert doc.format == "text" and doc.pages is None
    assert [(ln.no, ln.cells) for ln in doc.lines] == [
        (1, ("Title",)), (2, ("",)), (3, ("Action", "Owner")), (4, ("People Strategy", "HR Services Manager")),
    ]
    assert len(doc.doc_id) == 12


@pytest.mark.parametrize(
    "data, message",
    [(b"", "empty"), (b"   \n\n", "empty"), (b"\x00\x01\x02binary\x00junk", "binary"),
     (bytes(range(1, 32)) * 10, "binary"),
     ("Plan\tBudget\n".encode("utf-16-le")[:-1],
      "UTF-16-LE text with an odd number of bytes \\(23\\): it was cut short"),
     (b"\xff\xfe" + "Plan\tBudget\n".encode("utf-16-le") + b"\x00", "UTF-16-LE text with an odd number of bytes")],
)
def test_unreadable_text(tmp_path, data, message):
    path = tmp_path / "broken.txt"
    path.write_bytes(data)
    with pytest.raises(UnreadableDocument, match=message):
        read_document(path, "broken.txt")


def test_unknown_suffix(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnreadableDocument, match="unsupported"):
        read_document(path, "plan.docx")


def test_utf16_with_a_byte_order_mark_is_text(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes("Action\tOwner\r\nPeople Strategy\tHR Services Manager\r\n".encode("utf-16"))
    doc = read_document(path, "plan.txt")
    assert [ln.cells for ln in doc.lines] == [("Action", "Owner"), ("People Strategy", "HR Services Manager")]


@pytest.mark.parametrize(
    "data, encoding",
    [("Café budget – £1,200\tHR\n".encode(), "utf-8"),
     ("Café budget – £1,200\tHR\n".encode("cp1252"), "cp1252"),  # – is 0x96 in cp1252
     ("Café budget £1,200\tHR\n".encode("latin-1") * 20 + b"\x81\n", "latin-1"),  # 0x81: no cp1252 character
     ("Café budget – £1,200\tHR\n".encode("utf-16-le"), "utf-16-le"),
     ("Café budget – £1,200\tHR\n".encode("utf-16-be"), "utf-16-be"),
     ("Café budget – £1,200\tHR\n".encode("utf-16"), "utf-16")],
)
def test_text_in_other_encodings_is_read_and_the_encoding_kept(tmp_path, data, encoding):
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    doc = read_document(path, "plan.txt")
    assert doc.encoding == encoding
    assert doc.lines[0].cells[0].startswith("Café budget")
    assert doc.lines[0].cells[1] == "HR"
