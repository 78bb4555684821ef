"""Conversion debris (HTML tags and entities, markdown heading and bold marks, LaTeX, `Image:`
placeholders) is removed from cells, and none reaches the database."""

from __future__ import annotations

import re

import pytest
import sqlite_utils

from pipeline.build import build
from pipeline.normalise import clean_text, strip_debris


@pytest.mark.parametrize(("printed", "stored"), [
    ("#### CXO Service Area Plan 2016/17", "CXO Service Area Plan 2016/17"),
    ("## **Workforce Planning**", "Workforce Planning"),
    ("<b>1. Succession</b> <b>Planning</b>", "1. Succession Planning"),
    ("<ul> <li>Poll Cards &amp; Canvas printing</li> </ul>", "Poll Cards & Canvas printing"),
    ("generated \\pounds 42,345 of income", "generated £42,345 of income"),
    ("Requests Received     Image: Constraint of the secti", "Requests Received"),
    ("Provide `Self Serve' to all staff", "Provide 'Self Serve' to all staff"),
    ("**", "**"),  # a printed `**` value is kept (SCHEMA: value NULL, text in raw)
])
def test_clean_text_drops_debris(printed, stored):
    assert clean_text(printed) == stored


def test_strip_debris_keeps_cells_and_lines():
    assert strip_debris("<b>Contracts</b> Procurement\tGillian Friar\nH&amp;S") == (
        "Contracts Procurement\tGillian Friar\nH&S")


DEBRIS = re.compile(r"<\s*/?\s*[a-z]+[^>]*>|&(?:amp|lt|gt|nbsp|#\d+);|\\pounds|^#{1,6}\s|\*\*\w|Image:", re.M)


def test_no_debris_reaches_the_database(tmp_path, fixtures_dir):
    db_path = tmp_path / "plans.db"
    build([fixtures_dir], db_path, exports=False)
    db = sqlite_utils.Database(db_path)
    found = []
    for table in db.table_names():
        if table.endswith(("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")):
            continue
        for row in db[table].rows:
            found += [(table, k, v) for k, v in row.items() if isinstance(v, str) and DEBRIS.search(v)]
    assert db["actions"].count > 0 and db["risks"].count > 0
    assert found == []
