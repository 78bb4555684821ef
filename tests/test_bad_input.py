"""Bad input, generated small: each kind gets a clear `ingest_log` row, and the good plans still load."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from pipeline.build import build

FIXTURES = Path(__file__).parent / "fixtures"
HR_BUDGET = (FIXTURES / "wl2020_hr_budget.txt").read_text(encoding="utf-8")
TWENTY_DIGITS = "99999999999999999999"


def _log(db_path: Path) -> dict[str, tuple[str, str | None]]:
    db = sqlite_utils.Database(db_path)
    return {r["source_file"]: (r["status"], r["error"]) for r in db["ingest_log"].rows}


def test_figures_beyond_what_the_database_holds_are_kept_as_printed(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = HR_BUDGET.replace("9.3\t364,258\t", f"9.3\t{TWENTY_DIGITS}\t", 1)
    text = text.replace("Target: 4,450", "Target: " + "9" * 400, 1)
    (raw / "hr.txt").write_text(text, encoding="utf-8")
    build([raw], tmp_path / "out" / "plans.db")
    assert _log(tmp_path / "out" / "plans.db")["hr.txt"][0] in ("ok", "partial")
    db = sqlite_utils.Database(tmp_path / "out" / "plans.db")
    payroll = next(db["activities"].rows_where("activity like 'Payroll%'"))
    assert (payroll["expenditure"], payroll["income"], payroll["net"]) == (None, -23247, 341012)
    assert TWENTY_DIGITS in payroll["source_text"]
    enquiries = next(db["measurements"].rows_where("code = 'HRS701' and measure = 'target'"))
    assert enquiries["value"] is None and "9" * 400 in enquiries["raw"]
    json.loads((tmp_path / "out" / "json" / "measurements.json").read_text(encoding="utf-8"),
               parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))
