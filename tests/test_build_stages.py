"""A build either replaces its whole output or leaves the previous one; its failures say where."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.build import build
from pipeline.building import writer as writer_module
from pipeline.building.output_folder import SHARED_ITEMS, BuildError, build_lock, builds_folder, published
from pipeline.building.stages import StageFailed
from pipeline.cli import cli
from pipeline.publishing import exports

RAW = Path(__file__).parent.parent / "raw"
SEEDS = ["000_c2003f9b50c7b217.txt", "003_1b0c136ec7080770.txt"]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for name in SEEDS:
        (folder / name).write_bytes((RAW / name).read_bytes())
    return folder


@pytest.fixture
def previous(tmp_path: Path, raw: Path) -> dict[str, bytes]:
    """A first, good build; every file of its output, by path."""
    build([raw], tmp_path / "out" / "plans.db", use_cache=False)
    return output_of(tmp_path)


def output_of(tmp_path: Path) -> dict[str, bytes]:
    """Every file a reader sees through the output's published names, by path."""
    out = tmp_path / "out"
    found = {}
    for name in ["plans.db", *SHARED_ITEMS]:
        item = out / name
        for path in ([item] if item.is_file() else sorted(item.rglob("*"))):
            if path.is_file():
                found[str(path.relative_to(out))] = path.read_bytes()
    return found


def build_folders(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in builds_folder(tmp_path / "out" / "plans.db").iterdir())


def doc_id_of(db_path: Path, source_file: str) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT doc_id FROM documents WHERE source_file = ?", (source_file,)).fetchone()[0]


@pytest.mark.parametrize("jobs", [1, 2])  # 2: the registry is made in processes of the build's own
def test_a_registry_failure_names_the_stage_and_the_document_and_keeps_the_previous_output(
        tmp_path, raw, previous, monkeypatch, jobs):
    culprit = doc_id_of(tmp_path / "out" / "plans.db", SEEDS[1])
    real = writer_module.build_registry

    def registry_that_breaks_on_one_document(mentions, plans):
        mentions = list(mentions)
        if any(m.doc_id == culprit for m in mentions):
            raise ValueError("an indicator name no test foresaw")
        return real(mentions, plans)

    monkeypatch.setattr(writer_module, "build_registry", registry_that_breaks_on_one_document)
    with pytest.raises(StageFailed) as failure:
        build([raw], tmp_path / "out" / "plans.db", use_cache=False, jobs=jobs)
    assert failure.value.stage == "indicator registry"
    assert failure.value.source_file == SEEDS[1]
    assert str(failure.value) == (f"the indicator registry stage failed while handling the rows of {SEEDS[1]}: "
                                  "ValueError: an indicator name no test foresaw")
    assert output_of(tmp_path) == previous
    assert build_folders(tmp_path) == [published(tmp_path / "out" / "plans.db").name]


def test_the_command_says_the_build_stopped_and_exits_non_zero(tmp_path, raw, previous, monkeypatch):
    def broken(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exports, "write_export", broken)
    result = CliRunner().invoke(cli, ["build", str(raw), "--db", str(tmp_path / "out" / "plans.db"), "--quiet"])
    assert result.exit_code == 2
    assert "Build stopped: the exports stage failed: OSError: [Errno 28] No space left on device" in result.output
    assert "Nothing was replaced" in result.output
    assert "Traceback" not in result.output
    assert output_of(tmp_path) == previous


def test_a_broken_checks_package_fails_the_build_loudly(tmp_path, raw, previous, monkeypatch):
    monkeypatch.setitem(sys.modules, "pipeline.checking", None)  # import of it raises ImportError
    with pytest.raises(StageFailed, match="the checks stage failed: ModuleNotFoundError: import of pipeline.checking"):
        build([raw], tmp_path / "out" / "plans.db", use_cache=False)
    assert output_of(tmp_path) == previous


def test_a_second_build_of_the_same_output_is_refused_while_the_first_runs(tmp_path, raw, previous):
    db_path = tmp_path / "out" / "plans.db"
    with build_lock(db_path):
        with pytest.raises(BuildError, match="another build is writing .*plans.db"):
            build([raw], db_path, use_cache=False)
    assert output_of(tmp_path) == previous
    build([raw], db_path, use_cache=False)  # the lock is released with the first build


def test_a_folder_left_by_a_killed_build_is_removed_by_the_next(tmp_path, raw, previous):
    left = builds_folder(tmp_path / "out" / "plans.db") / "20200101T000000-killed"
    (left / "csv").mkdir(parents=True)
    (left / "plans.db").write_bytes(b"half written")
    build([raw], tmp_path / "out" / "plans.db", use_cache=False)
    assert not left.exists()
    assert output_of(tmp_path).keys() == previous.keys()
    assert len(build_folders(tmp_path)) == 1


def test_the_output_is_published_through_one_link(tmp_path, raw, previous):
    out = tmp_path / "out"
    assert os.readlink(out / "plans.db") == ".plans.db-current/plans.db"
    assert os.readlink(out / "csv") == ".plans.db-current/csv"
    assert os.readlink(out / ".plans.db-current") == f".plans.db-builds/{build_folders(tmp_path)[0]}"
    with sqlite3.connect(out / "plans.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone() == (2,)


def test_exports_written_in_place_by_an_older_build_are_replaced_and_anything_else_is_kept(tmp_path, raw):
    out = tmp_path / "out"
    (out / "csv").mkdir(parents=True)
    (out / "csv" / "documents.csv").write_text("doc_id\nold\n")  # as an older build left it
    (out / "plans.db").write_bytes(b"an older build's database")
    (out / "json").mkdir()
    (out / "json" / "notes.txt").write_text("mine")
    with pytest.raises(BuildError, match=f"{out / 'json'} is in the way of the build's output"):
        build([raw], out / "plans.db", use_cache=False)
    assert (out / "json" / "notes.txt").read_text() == "mine"
    assert (out / "plans.db").read_bytes() == b"an older build's database"
    (out / "json" / "notes.txt").rename(tmp_path / "notes.txt")
    build([raw], out / "plans.db", use_cache=False)
    assert (out / "csv" / "documents.csv").read_text().count("\n") == 3  # header and the two plans
    assert (out / "plans.db").is_symlink()


def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path, raw):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(cli, ["build", str(raw), "--db", str(blocker / "plans.db"), "--quiet"])
    assert result.exit_code == 2
    assert result.output.startswith(f"Build stopped: cannot write to {blocker}")
    assert "Traceback" not in result.output
