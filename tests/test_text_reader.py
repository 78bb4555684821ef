"""Text plans become numbered lines of cells; unreadable files give a clear error."""

import pytest

from pipeline.errors import UnreadableDocument
from pipeline.readers import read_document


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
     (b"caf\xe9 au lait\n", "not UTF-8"), (bytes(range(1, 32)) * 10, "binary")],
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
