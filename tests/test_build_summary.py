"""What `plans build` prints at its end, and what it does with a folder holding no plan."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from click.testing import CliRunner

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent
HOUSING_PLAN = ROOT / "raw" / "001_00d04f93583155c1.txt"


def test_the_summary_splits_findings_by_severity_and_points_at_plans_check(tmp_path):
    db_path = tmp_path / "plans.db"
    result = CliRunner().invoke(cli, ["build", str(HOUSING_PLAN), "--db", str(db_path), "--quiet", "--no-exports"])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(db_path)
    counts = dict(db.execute("SELECT severity, count(*) FROM findings GROUP BY severity").fetchall())
    # raw/001 line 576: Homelessness prevention prints net £830,377 for £819,818 less £16,441 (£803,377)
    assert counts["error"] == 1
    [line] = [x for x in result.output.splitlines() if x.startswith("Checks found")]
    assert line == (f"Checks found 1 error, {counts['warning']} warnings, {counts['info']} notes: "
                    f"run `plans check --db {db_path}` to read them, document by document.")
    assert "shows this build within seconds" in result.output


def test_an_empty_folder_is_an_error_and_leaves_the_database_alone(tmp_path):
    empty = tmp_path / "raw"
    empty.mkdir()
    (empty / "notes.md").write_text("not a plan\n")
    db_path = tmp_path / "out" / "plans.db"
    db_path.parent.mkdir()
    db_path.write_bytes(b"the previous build")
    result = CliRunner().invoke(cli, ["build", str(empty), "--db", str(db_path)])
    assert result.exit_code != 0
    assert f"no plan files (.pdf or .text or .txt) in {empty}: nothing was built" in result.output
    assert db_path.read_bytes() == b"the previous build"
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["plans.db"]
