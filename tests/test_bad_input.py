"""Bad input, generated small: each kind gets a clear `ingest_log` row, and the good plans still load."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import sqlite_utils

from pipeline.build import build
from pipeline.building.limits import Limits

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


def one_page_pdf(text: str = "Corporate Services Management Plan 2020/21", encrypt=None) -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt=encrypt)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def zeroed_xref(pdf: bytes) -> bytes:
    """Every offset of the cross-reference table set to 0, as a broken writer leaves it."""
    at = pdf.rindex(b"xref")
    return pdf[:at] + re.sub(rb"\d{10} 00000 n", b"0000000000 00000 n", pdf[at:])


SEEDS = ["000_c2003f9b50c7b217.txt", "003_1b0c136ec7080770.txt"]
RAW = Path(__file__).parent.parent / "raw"


def seed_rows(db_path: Path) -> dict[str, int]:
    """Rows per table of the seed plans, by their document ids."""
    db = sqlite_utils.Database(db_path)
    docs = [d["doc_id"] for d in db.query("SELECT doc_id FROM documents WHERE source_file IN (?, ?)", SEEDS)]
    counts = {}
    for table in db.table_names():
        if "doc_id" in db[table].columns_dict and table not in ("ingest_log", "findings"):
            counts[table] = db.execute(f"SELECT COUNT(*) FROM [{table}] WHERE doc_id IN (?, ?)", docs).fetchone()[0]
    return counts


def test_every_kind_of_bad_input_gets_a_clear_row_and_the_seeds_load_whole(tmp_path: Path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0\n", encoding="utf-8")
    seeds_alone = tmp_path / "seeds"
    seeds_alone.mkdir()
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in SEEDS:
        (seeds_alone / name).write_bytes((RAW / name).read_bytes())
        (raw / name).write_bytes((RAW / name).read_bytes())
    pdf = one_page_pdf()
    kinds = {
        "loop.pdf": loop_pdf(),
        "encrypted.pdf": one_page_pdf(encrypt=StandardEncryption("secret", canPrint=0)),
        "padded.pdf": pdf + b"\0" * 2048,
        "truncated.pdf": pdf[: len(pdf) // 2],
        "zeroed_xref.pdf": zeroed_xref(pdf),
        "text_named.pdf": b"hello, I am text",
        "empty.txt": b"",
        "junk.txt": bytes(range(256)) * 8,
        "odd_utf16.txt": b"\xff\xfe" + "Plan\tBudget\n".encode("utf-16-le") + b"\x00",
        "cp1252.txt": "Café plan – 2020/21\n".encode("cp1252"),
        "utf16_no_bom.txt": "Café plan – 2020/21\n".encode("utf-16-le"),
        "figures.txt": HR_BUDGET.replace("9.3\t364,258\t", f"9.3\t{TWENTY_DIGITS}\t", 1)
                                .replace("Target: 4,450", "Target: " + "9" * 400, 1).encode(),
        "copy_of_000.txt": (RAW / SEEDS[0]).read_bytes(),
        "notes.docx": b"PK\x03\x04",
        "bad_entry.txt": HR_BUDGET.encode(),
    }
    for name, data in kinds.items():
        (raw / name).write_bytes(data)
    (raw / "x.pdf").mkdir()
    os.mkfifo(raw / "pipe.txt")
    (raw / "passwd.txt").symlink_to(outside)
    (raw / "dangling.txt").symlink_to(raw / "gone.txt")
    (raw / "sources.yml").write_text("documents:\n  bad_entry.txt:\n    url: 'javascript:alert(1)'\n", encoding="utf-8")

    build([seeds_alone], tmp_path / "seeds.db", exports=False, use_cache=False)
    report = build([raw], tmp_path / "out" / "plans.db", limits=Limits(seconds=3), use_cache=False)
    log = _log(tmp_path / "out" / "plans.db")
    where = raw / "sources.yml"
    assert {name: log[name] for name in log if name not in SEEDS} == {
        "loop.pdf": ("failed", "stopped: reading took longer than the time limit of 3 s"),
        "encrypted.pdf": ("failed", "the PDF is encrypted and cannot be opened"),
        "padded.pdf": ("failed", "no tables of any known kind were found"),
        "truncated.pdf": ("failed", "the PDF is truncated (no end-of-file marker)"),
        "zeroed_xref.pdf": ("failed", "no tables of any known kind were found"),
        "text_named.pdf": ("failed", "not a PDF despite its name (it starts 'hello, I am text')"),
        "empty.txt": ("failed", "the file is empty"),
        "junk.txt": ("failed", "the file is binary, not text (it contains NUL bytes)"),
        "odd_utf16.txt": ("failed", "the file is UTF-16-LE text with an odd number of bytes (25): it was cut short"),
        "cp1252.txt": ("failed", "no tables of any known kind were found"),
        "utf16_no_bom.txt": ("failed", "no tables of any known kind were found"),
        "figures.txt": ("ok", "no raw/sources.yml entry: read from the document's own text: council 'West Lothian "
                              "Council', title 'Activity Budget 2020/21', doc_type 'budget', period '2020/21'"),
        "copy_of_000.txt": ("skipped", f"the same bytes as {SEEDS[0]}, which is read once"),
        "notes.docx": ("skipped", "not a plan file (only .pdf, .text, .txt files are read)"),
        "bad_entry.txt": ("failed", f"{where}: entry 'bad_entry.txt': field 'url': 'javascript:alert(1)' "
                                    "is not an http(s) address"),
        "x.pdf": ("skipped", "a folder named like a plan file, not a file"),
        "pipe.txt": ("skipped", "not a regular file (a FIFO)"),
        "passwd.txt": ("skipped", "a link to a file outside the raw folder: not followed"),
        "dangling.txt": ("skipped", "a link to a file that does not exist"),
        "sources.yml": ("skipped", "the manifest, read for the other files' council, service, title, type and year"),
    }
    db = sqlite_utils.Database(tmp_path / "out" / "plans.db")
    encodings = {r["source_file"]: r["encoding"] for r in db["ingest_log"].rows}
    assert (encodings["cp1252.txt"], encodings["utf16_no_bom.txt"], encodings[SEEDS[0]]) == ("cp1252", "utf-16-le",
                                                                                            "utf-8")
    assert all(log[name][0] in ("ok", "partial") for name in SEEDS)
    assert seed_rows(tmp_path / "out" / "plans.db") == seed_rows(tmp_path / "seeds.db")
    assert "root:x" not in (tmp_path / "out" / "json" / "ingest_log.json").read_text(encoding="utf-8")
    assert report.documents == 3 and report.skipped == 7
