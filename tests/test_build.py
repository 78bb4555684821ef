"""End to end: build the database from raw/ and query it, as a researcher would."""

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from pipeline import build as build_module
from pipeline.build import build
from pipeline.building.output_folder import builds_folder, published
from pipeline.building.stages import StageFailed
from pipeline.cli import cli

RAW = Path(__file__).parent.parent / "raw"
CORPORATE_2020 = "000_c2003f9b50c7b217.txt"


@pytest.fixture(scope="session")
def built(seeds_build: Path) -> Path:
    return seeds_build


def doc_id_of(db: sqlite_utils.Database, source_file: str) -> str:
    return next(db.query("select doc_id from documents where source_file = ?", [source_file]))["doc_id"]


def test_every_seed_is_logged_and_the_corporate_plan_fully_loaded(built):
    db = sqlite_utils.Database(built)
    logged = {r["source_file"]: r for r in db["ingest_log"].rows}
    assert set(logged) >= {p.name for p in RAW.glob("*.txt")}
    assert logged[CORPORATE_2020]["status"] in ("ok", "partial")
    doc = doc_id_of(db, CORPORATE_2020)
    counts = {t: db[t].count_where("doc_id = ?", [doc]) for t in
              ("services", "activities", "budget_totals", "actions", "risks", "priorities", "measurements")}
    assert counts == {"services": 6, "activities": 37, "budget_totals": 7, "actions": 41, "risks": 4,
                      "priorities": 14, "measurements": 148}
    document = db["documents"].get(doc)
    assert (document["council"], document["service"], document["period"], document["format"]) == (
        "West Lothian Council", "Corporate Services", "2020/21", "text")


def test_one_activity_and_one_action_as_printed(built):
    db = sqlite_utils.Database(built)
    reception = next(db["activities"].rows_where("activity = 'Reception'"))
    assert (reception["fte"], reception["expenditure"], reception["income"], reception["net"]) == (
        2.47, 57880, -38255, 19626)
    assert reception["line"] == 255 and reception["source_text"].startswith("Reception\t")
    action = next(db["actions"].rows_where("title = 'Drug and Alcohol Policy'"))
    assert (action["start"], action["end"], action["status"]) == ("2018-04", "2020-06", "active")


def test_measurements_link_to_activities_and_indicators(built):
    db = sqlite_utils.Database(built)
    row = next(db.query(
        "select a.activity, i.code, m.value from measurements m join activities a using (activity_id) "
        "join indicators i using (indicator_id) where m.code = 'HRS661'"))
    assert row == {"activity": "Reception", "code": "HRS661", "value": 0.33}


def test_schema_is_declared_not_guessed(built):
    db = sqlite_utils.Database(built)
    assert db["activities"].columns_dict["expenditure"] is int
    assert db["activities"].columns_dict["fte"] is float
    assert db["activities"].pks == ["activity_id"]
    fks = {(fk.column, fk.other_table, fk.other_column) for fk in db["measurements"].foreign_keys}
    assert fks >= {("doc_id", "documents", "doc_id"), ("activity_id", "activities", "activity_id"),
                   ("indicator_id", "indicators", "indicator_id")}
    indexed = {tuple(i.columns) for i in db["measurements"].indexes}
    # a document's rows are found by the index that also orders them by year and measure
    assert {("doc_id", "period", "measure"), ("service",), ("code",), ("period",)} <= indexed


def test_building_twice_gives_the_same_rows_and_ids(built, tmp_path):
    again = tmp_path / "again.db"
    build([RAW], again, exports=False)
    first, second = sqlite_utils.Database(built), sqlite_utils.Database(again)
    for table in ("activities", "measurements", "indicators", "actions", "indicator_mentions"):
        pk = first[table].pks[0]
        assert [r[pk] for r in first[table].rows_where(order_by=pk)] == [
            r[pk] for r in second[table].rows_where(order_by=pk)], table


def test_exports_are_written_beside_the_database(built):
    csv = (built.parent / "csv" / "activities.csv").read_text(encoding="utf-8")
    assert csv.splitlines()[0].startswith("doc_id,line,page,source_text,activity_id")
    assert "Payroll, Control and Employee Benefits" in csv
    assert (built.parent / "json" / "measurements.json").exists()


def test_broken_documents_are_logged_and_do_not_stop_the_others(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / CORPORATE_2020, raw / CORPORATE_2020)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "junk.txt").write_bytes(bytes(range(256)) * 4)
    (raw / "latin1.txt").write_bytes("Caf\xe9 plan".encode("latin-1"))
    result = CliRunner().invoke(cli, ["build", str(raw), "--db", str(tmp_path / "out" / "plans.db")])
    assert result.exit_code == 1
    db = sqlite_utils.Database(tmp_path / "out" / "plans.db")
    log = {r["source_file"]: (r["status"], r["error"]) for r in db["ingest_log"].rows}
    assert log["empty.txt"] == ("failed", "the file is empty")
    assert log["junk.txt"][0] == "failed" and "binary" in log["junk.txt"][1]
    assert log["latin1.txt"] == ("failed", "no tables of any known kind were found")  # read as cp1252
    assert log[CORPORATE_2020][0] in ("ok", "partial")
    assert db["activities"].count == 37


def test_a_failed_build_leaves_the_previous_database_untouched(tmp_path, monkeypatch):
    db_path = tmp_path / "plans.db"
    build([RAW / CORPORATE_2020], db_path, exports=False)
    before = db_path.read_bytes()

    def broken_checks(db, councils, readers):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_module, "_run_checks", broken_checks)
    with pytest.raises(StageFailed, match="the checks stage failed: RuntimeError: disk full"):
        build([RAW / CORPORATE_2020], db_path, exports=False)
    assert db_path.read_bytes() == before
    assert [p.name for p in builds_folder(db_path).iterdir()] == [published(db_path).name]
    sqlite3.connect(db_path).execute("select count(*) from activities").fetchone()


def test_every_command_has_help():
    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and command.help, name
