"""`plans build --jobs 2` reads documents on two processes and writes the same database as one."""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlite_utils

from benchmarks.render_seeds import parse_seed, render
from pipeline.build import build

FIXTURES = Path(__file__).parent / "fixtures"


def _rows(db_path: Path) -> dict[str, list[dict]]:
    db = sqlite_utils.Database(db_path)
    tables = [t for t in db.table_names() if not t.startswith(("sqlite_", "_")) and "_fts" not in t]
    skip = {"seconds"}
    return {t: [{k: v for k, v in r.items() if k not in skip} for r in db[t].rows] for t in tables}


def test_parallel_build_writes_the_same_database(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = (FIXTURES / "civic_centre_admin.txt").read_text(encoding="utf-8")
    shutil.copy(FIXTURES / "civic_centre_admin.txt", raw / "a_civic.txt")
    render(parse_seed(text), raw / "b_civic.ruled.pdf", "ruled")
    render(parse_seed(text), raw / "c_civic.borderless.pdf", "borderless")
    (raw / "d_broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj")
    one = build([raw], tmp_path / "one.db", exports=False, jobs=1)
    two = build([raw], tmp_path / "two.db", exports=False, jobs=2)
    assert (one.documents, len(one.failed)) == (two.documents, len(two.failed)) == (3, 1)
    assert _rows(tmp_path / "one.db") == _rows(tmp_path / "two.db")
