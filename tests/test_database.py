"""Records go to the tables `MODELS` lists; a record of any other table is an error, not a loss."""

from __future__ import annotations

from typing import ClassVar

import pytest
import sqlite_utils

from pipeline import records as r
from pipeline.publishing import database


class _Unlisted(r.Provenance):
    table: ClassVar[str] = "lost_rows"
    note: str


def test_a_record_of_a_table_models_does_not_list_stops_the_write():
    db = sqlite_utils.Database(memory=True)
    kept = r.DocumentRecord(doc_id="d1", source_file="d1.txt", format="text")
    with pytest.raises(KeyError, match="lost_rows"):
        database.insert(db, [kept, _Unlisted(doc_id="d1", note="a row")])
    assert "lost_rows" not in db.table_names()
    database.insert(db, [kept])
    assert db["documents"].count == 1
    with pytest.raises(KeyError, match="lost_rows"):  # the writer's path, rows as (table, dict)
        database.insert_rows(db, [("lost_rows", {"doc_id": "d1"})])
