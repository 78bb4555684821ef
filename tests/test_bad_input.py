"""Bad input, generated small: each kind gets a clear `ingest_log` row, and the good plans still load."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from pipeline.build import build
from pipeline.limits import Limits

FIXTURES = Path(__file__).parent / "fixtures"
HR_BUDGET = (FIXTURES / "wl2020_hr_budget.txt").read_text(encoding="utf-8")
TWENTY_DIGITS = "99999999999999999999"


def loop_pdf() -> bytes:
    """A page whose MediaBox is two objects that refer to each other: pdfminer resolves it for ever."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R /Contents 6 0 R >>",
        b"5 0 R",
        b"4 0 R",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


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


def test_a_reader_that_never_returns_is_stopped_at_the_time_limit(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a_loop.pdf").write_bytes(loop_pdf())
    (raw / "b_hr.txt").write_text(HR_BUDGET, encoding="utf-8")
    report = build([raw], tmp_path / "plans.db", exports=False, jobs=2, limits=Limits(seconds=2))
    log = _log(tmp_path / "plans.db")
    assert log["a_loop.pdf"] == ("failed", "stopped: reading took longer than the time limit of 2 s")
    assert log["b_hr.txt"][0] in ("ok", "partial")
    assert report.documents == 1
