"""Fuzzed plans and cells, and what reading one may do: give records, or fail with a domain error.

Documents are made from the lines of the real plan excerpts in tests/fixtures, cut, shuffled,
repeated and mutated: cells replaced by hostile values (figures beyond what SQLite holds, 400
digits, tags and text that only looks like them, control characters, very long cells), cells
dropped or added, lines joined, the whole encoded as UTF-8, cp1252 or UTF-16. Each goes through
everything a worker does to a text plan (reader, table finder, metadata, extractors), and every
record it yields must be valid for its model and fit for SQLite and JSON. Any exception but a
`PlanError` (the documented way a document fails) is a crash.

Used by tests/test_fuzz.py (a modest count, in CI) and benchmarks/fuzz.py (10,000 and more).
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

from pipeline import normalise
from pipeline.document_metadata import resolve
from pipeline.errors import PlanError
from pipeline.extract import extract_document
from pipeline.reading import doc_id_for
from pipeline.reading.layout import Document
from pipeline.reading.text import read_text

FIXTURES = Path(__file__).parent / "fixtures"
MATERIAL = [line for path in sorted(FIXTURES.glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines()]
HOSTILE = [
    "", " ", "99999999999999999999", "9" * 400, "-" + "9" * 30, "(99999999999999999999)", "1e309", "NaN",
    "inf", "£" + "9" * 25, "9" * 25 + "%", "0.0000000000000000000001", "(0)", "-0", "£-", "%", "1,2,3,4,5",
    "<b>", "</p>", "<5% of cases and >20 days", "a < b > c", "&lt;b&gt;x&lt;/b&gt;", "<!--", "-->",
    "\\pounds", "**", "# ", "Total:", "Target:", "Target: " + "9" * 400, "2020/21", "2020/21 Q3",
    "20/21", "1999/2000", "2099/00", "Mach 2020", "31/13/2020", "N/A", "↑", "▬", "↓", "\x07", "\x0b", "\u200b",
    "\ufeff", "\U0001f600", "é" * 50, "x" * 5000, "CP:", "P:", "HRS202_", "HRS202_Cost. Target: £",
    "New indicator", "SSHC Indicator 1.1", "Enabler Service", "High Level Public WLAM",
]


def random_cell(rng: random.Random) -> str:
    """A cell: hostile, a real one from the material, or arbitrary characters."""
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(HOSTILE)
    if roll < 0.8:
        line = rng.choice(MATERIAL).split("\t")
        return rng.choice(line)
    alphabet = "0123456789,.()£%-–/ :;<>&#*_\tabcdefXYZ\u00a0é€"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))


def _mutate(line: str, rng: random.Random) -> str:
    cells = line.split("\t")
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        where = rng.randrange(len(cells))
        if roll < 0.6:
            cells[where] = random_cell(rng)
        elif roll < 0.75:
            del cells[where]
            cells = cells or [""]
        elif roll < 0.9:
            cells.insert(where, random_cell(rng))
        else:
            cells[where] = cells[where] * rng.randint(2, 20)
    return "\t".join(cells)


def random_document(rng: random.Random) -> bytes:
    """A plan's bytes, cut from the material and mutated."""
    start = rng.randrange(len(MATERIAL))
    lines = MATERIAL[start:start + rng.randint(1, 120)]
    out: list[str] = []
    for line in lines:
        roll = rng.random()
        if roll < 0.3:
            line = _mutate(line, rng)
        elif roll < 0.35:
            out.extend([line] * rng.randint(2, 30))  # a row repeated
        elif roll < 0.38:
            line = line + rng.choice(["", "\t", " "]) + rng.choice(MATERIAL)  # two lines glued
        elif roll < 0.4:
            continue
        out.append(line)
    if rng.random() < 0.1:
        rng.shuffle(out)
    text = rng.choice(["\n", "\r\n", "\f\n"]).join(out)
    encoding = rng.choices(["utf-8", "cp1252", "utf-16", "utf-16-le", "latin-1"], [70, 10, 10, 5, 5])[0]
    data = text.encode(encoding, errors="replace")
    if rng.random() < 0.03:
        data = data[: rng.randrange(len(data) + 1)]  # cut short
    return data


def _fits_sqlite_and_json(value: object) -> bool:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    if isinstance(value, float):
        return math.isfinite(value)
    return True


def read_fuzzed(data: bytes, name: str = "fuzzed.txt") -> int:
    """Everything a worker does to a text plan; the number of records. Raises only on a crash."""
    try:
        lines, encoding = read_text(data, name)
        doc = Document(source_file=name, doc_id=doc_id_for(data), format="text", lines=lines, encoding=encoding)
        meta, _notes = resolve(doc, None)
        extraction = extract_document(doc, meta)
    except PlanError:
        return 0
    for record in extraction.records:
        row = record.model_dump()
        bad = {k: v for k, v in row.items() if not _fits_sqlite_and_json(v)}
        if bad:
            raise AssertionError(f"{record.table} row holds values SQLite or JSON cannot: {bad}")
        json.dumps(row, allow_nan=False)
    return len(extraction.records)


def normalise_fuzzed(cell: str) -> None:
    """Every normaliser on one cell: each returns a value or None, never raises."""
    for parse in (normalise.parse_money, normalise.parse_period, normalise.parse_month, normalise.parse_status,
                  normalise.clean_or_none, normalise.parse_pi_categories, normalise.is_pi_category_cell):
        parse(cell)
    value, _unit = normalise.parse_measure(cell)
    money = normalise.parse_money(cell)
    for number in (value, money):
        if number is not None and not normalise.in_range(number):
            raise AssertionError(f"{cell!r} read as {number!r}, beyond what the database holds")
        normalise.pounds(number)
        normalise.whole(number)
    normalise.strip_debris(cell)
    normalise.all_periods(cell)
