"""A rebuild reads only new and changed documents, reuses the rest, and gives a clean build's rows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from pipeline.build import build
from pipeline.building.output_folder import published
from pipeline.building.previous import INPUTS
from pipeline.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
PLANS = ["wl2020_scorecard.txt", "wl2021_priorities.txt", "civic_centre_admin.txt", "wl2020_it_budget.txt"]


def table_rows(db_path: Path) -> dict[str, list[dict]]:
    """Every table's rows by primary key (a table without one: as written), ingest_log timings aside.

    An incremental build keeps the rows of unchanged documents where they were stored and adds the
    others after them, so the order rows are stored in is not compared; their content is.
    """
    db = sqlite_utils.Database(db_path)
    tables = [t for t in db.table_names() if not t.startswith(("sqlite_", "_")) and "_fts" not in t]
    rows = {}
    for t in tables:
        order = ", ".join(f"[{c}]" for c in db[t].pks)
        rows[t] = [{k: v for k, v in r.items() if k != "seconds"} for r in db[t].rows_where(order_by=order)]
    db.close()
    return rows


def plans_folder(tmp_path: Path) -> Path:
    """A raw folder holding the fixture plans."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in PLANS:
        shutil.copy(FIXTURES / name, raw / name)
    return raw


def test_a_rebuild_reads_what_changed_drops_what_went_and_equals_a_clean_build(tmp_path: Path):
    raw = plans_folder(tmp_path)
    db_path = tmp_path / "out" / "plans.db"
    first = build([raw], db_path, exports=False)
    assert (first.read, first.reused, first.documents) == (4, 0, 4)
    gone = sqlite_utils.Database(db_path).execute(
        "SELECT doc_id FROM documents WHERE source_file = 'civic_centre_admin.txt'").fetchone()[0]

    scorecard = raw / "wl2020_scorecard.txt"
    text = scorecard.read_text(encoding="utf-8")
    changed = "HRS550_Total number of complaints received by HR Services\t7\t4"
    assert text.count("HRS550_Total number of complaints received by HR Services\t3\t4") == 1
    scorecard.write_text(text.replace("HRS550_Total number of complaints received by HR Services\t3\t4", changed),
                         encoding="utf-8")
    (raw / "civic_centre_admin.txt").unlink()

    result = CliRunner().invoke(cli, ["build", str(raw), "--db", str(db_path), "--no-exports", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "3 documents loaded, 0 failed (1 read, 2 reused)" in result.output
    clean = build([raw], tmp_path / "clean" / "plans.db", exports=False, use_cache=False)
    assert (clean.read, clean.reused) == (3, 0)
    assert not (tmp_path / "clean" / "cache").exists()
    assert table_rows(db_path) == table_rows(tmp_path / "clean" / "plans.db")

    db = sqlite_utils.Database(db_path)
    assert db.execute("SELECT value FROM measurements WHERE code = 'HRS550' AND period = '2019/20' "
                      "AND measure = 'actual'").fetchall() == [(7.0,)]
    for table in db.table_names():
        if "doc_id" in db[table].columns_dict and "_fts" not in table:
            assert db.execute(f"SELECT count(*) FROM [{table}] WHERE doc_id = ?", [gone]).fetchone()[0] == 0, table
    assert len(list((db_path.parent / "cache").glob("*.json"))) == 3


def exported(folder: Path) -> dict[str, bytes]:
    """Every exported file (tables and canned queries) but ingest_log's, which holds timings."""
    return {str(p.relative_to(folder)): p.read_bytes() for kind in ("csv", "json") for p in (folder / kind).iterdir()
            if p.stem != "ingest_log"}


def test_changed_removed_added_and_duplicate_files_at_once_give_a_clean_builds_rows_and_exports(tmp_path: Path):
    raw = plans_folder(tmp_path)
    db_path = tmp_path / "out" / "plans.db"
    build([raw], db_path)
    budget = raw / "wl2020_it_budget.txt"
    budget.write_text(budget.read_text(encoding="utf-8").replace("Total:", "Total: ", 1), encoding="utf-8")
    (raw / "wl2021_priorities.txt").unlink()
    shutil.copy(FIXTURES / "wl2021_housing_operations_budget.txt", raw / "wl2021_housing_operations_budget.txt")
    shutil.copy(FIXTURES / "wl2020_hr_actions.txt", raw / "a_hr_actions.txt")
    shutil.copy(FIXTURES / "civic_centre_admin.txt", raw / "civic_centre_admin_copy.txt")

    again = build([raw], db_path)
    assert (again.read, again.reused, again.documents) == (3, 2, 5)
    clean = build([raw], tmp_path / "clean" / "plans.db", use_cache=False)
    assert (clean.read, clean.documents) == (5, 5)  # the copy has the same bytes: not read
    assert table_rows(db_path) == table_rows(tmp_path / "clean" / "plans.db")
    assert exported(db_path.parent) == exported(tmp_path / "clean")
    db = sqlite_utils.Database(db_path)
    assert db.execute("SELECT status, error FROM ingest_log WHERE source_file = 'civic_centre_admin_copy.txt'"
                      ).fetchall() == [("skipped", "the same bytes as civic_centre_admin.txt, which is read once")]


def previous_folder(db_path: Path) -> Path:
    folder = published(db_path)
    assert folder is not None
    return folder


@pytest.mark.parametrize("spoil", ["inputs missing", "another pipeline", "database unreadable"])
def test_a_previous_build_that_cannot_be_trusted_is_not_started_from(tmp_path: Path, spoil: str):
    raw = plans_folder(tmp_path)
    db_path = tmp_path / "out" / "plans.db"
    build([raw], db_path, exports=False)
    (raw / "civic_centre_admin.txt").unlink()
    folder = previous_folder(db_path)
    inputs = folder / INPUTS
    if spoil == "inputs missing":
        inputs.unlink()
    elif spoil == "another pipeline":
        data = json.loads(inputs.read_text(encoding="utf-8"))
        inputs.write_text(json.dumps({**data, "pipeline": "0" * 64}), encoding="utf-8")
    else:
        (folder / "plans.db").write_bytes(b"not a database" * 100)
    again = build([raw], db_path, exports=False)
    assert (again.read, again.reused) == (0, 3)  # written anew, every document from the cache
    build([raw], tmp_path / "clean" / "plans.db", exports=False, use_cache=False)
    assert table_rows(db_path) == table_rows(tmp_path / "clean" / "plans.db")


def test_a_broken_cache_entry_is_read_again(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(FIXTURES / "wl2020_scorecard.txt", raw / "a.txt")
    db_path = tmp_path / "out" / "plans.db"
    build([raw], db_path, exports=False)
    before = table_rows(db_path)
    (entry,) = (db_path.parent / "cache").glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    (previous_folder(db_path) / INPUTS).unlink()  # so that the database is written from the cache
    again = build([raw], db_path, exports=False)
    assert (again.read, again.reused) == (1, 0)
    assert table_rows(db_path) == before
