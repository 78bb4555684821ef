"""A document whose tables no extractor knows is kept as `partial`, with every cell of its tables."""

import json

import sqlite_utils

from pipeline.build import build

GRITTING = (
    "Winter Service Statistics 2023/24\n\n"
    "Route\tSalt spread (tonnes)\tRuns\n"
    "Primary network\t31,200\t74\n"
    "Secondary network\t8,450\t19\n"
)


def test_unrecognised_tables_keep_the_document_and_every_cell(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "winter-service.txt").write_text(GRITTING, encoding="utf-8")
    build([raw], tmp_path / "plans.db", exports=False)
    db = sqlite_utils.Database(tmp_path / "plans.db")
    [log] = db["ingest_log"].rows
    assert (log["status"], log["tables_found"], log["tables_unrecognised"]) == ("partial", 1, 1)
    assert db["documents"].count == 1
    [table] = db["unrecognised_tables"].rows
    assert json.loads(table["cells"]) == [
        ["Route", "Salt spread (tonnes)", "Runs"],
        ["Primary network", "31,200", "74"],
        ["Secondary network", "8,450", "19"],
    ]


def test_a_document_with_no_table_at_all_still_fails(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "letter.txt").write_text("Dear resident,\n\nThe depot moves in May.\n", encoding="utf-8")
    build([raw], tmp_path / "plans.db", exports=False)
    [log] = sqlite_utils.Database(tmp_path / "plans.db")["ingest_log"].rows
    assert log["status"] == "failed"
