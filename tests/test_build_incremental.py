"""A rebuild reads only new and changed documents, reuses the rest, and gives a clean build's rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlite_utils
from click.testing import CliRunner

from pipeline.build import build
from pipeline.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
PLANS = ["wl2020_scorecard.txt", "wl2021_priorities.txt", "civic_centre_admin.txt", "wl2020_it_budget.txt"]


def table_rows(db_path: Path) -> dict[str, list[dict]]:
    """Every table's rows in rowid order, ingest_log timings aside."""
    db = sqlite_utils.Database(db_path)
    tables = [t for t in db.table_names() if not t.startswith(("sqlite_", "_")) and "_fts" not in t]
    rows = {t: [{k: v for k, v in r.items() if k != "seconds"} for r in db[t].rows] for t in tables}
    db.close()
    return rows


def test_a_rebuild_reads_what_changed_drops_what_went_and_equals_a_clean_build(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in PLANS:
        shutil.copy(FIXTURES / name, raw / name)
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


def test_a_broken_cache_entry_is_read_again(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(FIXTURES / "wl2020_scorecard.txt", raw / "a.txt")
    db_path = tmp_path / "out" / "plans.db"
    build([raw], db_path, exports=False)
    before = table_rows(db_path)
    (entry,) = (db_path.parent / "cache").glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    again = build([raw], db_path, exports=False)
    assert (again.read, again.reused) == (1, 0)
    assert table_rows(db_path) == before
