"""Build time against reading time for plans far larger than any council prints.

    python benchmarks/build_scale.py [--rows 20000 200000] [--codes 1000]

Generates, in a temporary folder:

- a scorecard of N indicator codes all named `Cost` (one name printed under N codes: the
  cross-document checks must report it once, not once per pair of codes);
- an activity budget of one table of R rows, every row with the same figures and the same
  indicator and target (the worst case for checks that compare rows with each other).

For each, "reading" is what a worker does to the document (read, find tables, extract) and
"build" is the whole `plans build` of it into a database with its exports. Prints one line per
plan, ending with build/reading.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pipeline.build import build
from pipeline.building.limits import Limits
from pipeline.document_metadata import resolve
from pipeline.extract import extract_document
from pipeline.reading import read_document

SCORECARD_HEAD = (
    "Corporate Services Scorecard\n\n"
    "Indicators\t\t\t\t\t\n"
    "WLAM unit / service\tPI Code and Short Name\t2019/20 Performance\t2019/20 Target\t"
    "Performance against Target\t2020/21 Target\n"
)
BUDGET_HEAD = (
    "HR and Support Services\n\n"
    "Service manager: Lesley Henderson, HR Service Manager\n\n"
    "Number of staff: 72.31 (full time equivalents)\n\n"
    "Activity Budget 2020/21\n\n"
    "HR and Support Services\t\t\t\t\t\t\t\n"
    "Activity Name and Description\tLink to Corporate Plan\tPerformance Indicator and Target 2020/21\t"
    "PI Category\tStaff Resources (FTE)\tRevenue Expenditure Budget 2020/21 £\t"
    "Revenue Income Budget 2020/21 £\tNet Revenue Budget 2020/21 £\n"
)


def codes_named_cost(codes: int) -> str:
    """A scorecard whose every row prints a different code with the name `Cost`."""
    rows = [f"Unit\tCST{n:05d}_Cost\t£{n % 97 + 1}\t£{n % 89 + 1}\t\t£{n % 83 + 1}" for n in range(codes)]
    return "Corporate Services Management Plan 2020/21\n\n" + SCORECARD_HEAD + "\n".join(rows) + "\n"


def one_big_table(rows: int) -> str:
    """One activity budget table of `rows` rows with equal figures and one indicator's target."""
    body = [f"Activity {n}\tEnabler Service - Modernisation and Improvement\t"
            f"HRS202_Cost of Payroll Service per council employee. Target: £{47 + n % 3}\tHigh Level\t"
            "1.0\t1,000\t(100)\t900" for n in range(rows)]
    total = f"Total:\t\t\t\t{rows:.1f}\t{1000 * rows:,}\t({100 * rows:,})\t{900 * rows:,}"
    return "HR Management Plan 2020/21\n\n" + BUDGET_HEAD + "\n".join(body) + "\n" + total + "\n"


def reading_seconds(path: Path) -> float:
    started = time.perf_counter()
    doc = read_document(path, path.name)
    meta, _notes = resolve(doc, None)
    extract_document(doc, meta)
    return time.perf_counter() - started


def measure(label: str, text: str, folder: Path) -> None:
    raw = folder / label / "raw"
    raw.mkdir(parents=True)
    path = raw / f"{label}.txt"
    path.write_text(text, encoding="utf-8")
    reading = reading_seconds(path)
    started = time.perf_counter()
    report = build([raw], folder / label / "out" / "plans.db", use_cache=False,
                   limits=Limits(seconds=3600, memory_mb=None))
    built = time.perf_counter() - started
    findings = report.rows.get("findings", 0)
    print(f"{label:>22}: {len(text) / 1e6:6.1f} MB, reading {reading:7.2f} s, build {built:7.2f} s, "
          f"{findings} findings, {report.rows.get('indicator_conflicts', 0)} conflicts; "
          f"build/reading = {built / reading:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, nargs="*", default=[1000])
    parser.add_argument("--rows", type=int, nargs="*", default=[20000, 200000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for codes in args.codes:
            measure(f"codes_named_cost_{codes}", codes_named_cost(codes), Path(tmp))
        for rows in args.rows:
            measure(f"table_of_{rows}_rows", one_big_table(rows), Path(tmp))


if __name__ == "__main__":
    main()
