"""Seconds per page of the pipeline's PDF reading and extraction, against bare pdfplumber.

    python benchmarks/pdf_speed.py [PDF ...]          # default: out/renders/*.pdf

Bare pdfplumber is `extract_text()` plus `extract_tables()` on every page, the least a PDF table
extractor built on it would do. The pipeline figure is everything `plans build` does to a PDF
before the database: reading it into lines, finding tables and units, running the extractors.
Then the same documents are processed one by one and on two worker processes, as
`plans build --jobs 2` does. Ends with one line:

    pipeline/pdfplumber = R.RR (one core); two cores/one core = S.SS
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pdfplumber

from pipeline.document_metadata import resolve
from pipeline.extract import extract_document
from pipeline.reading import read_document


def bare_pdfplumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()
        return len(pdf.pages)


def pipeline_once(path: Path) -> int:
    doc = read_document(path, path.name)
    meta, _notes = resolve(doc, None)
    extraction = extract_document(doc, meta)
    return len(extraction.records)


def timed(function, path: Path) -> float:
    started = time.perf_counter()
    function(path)
    return time.perf_counter() - started


def _sequential(pdfs: list[Path]) -> float:
    started = time.perf_counter()
    for path in pdfs:
        pipeline_once(path)
    return time.perf_counter() - started


def _parallel(pdfs: list[Path]) -> float:
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(pipeline_once, pdfs))
    return time.perf_counter() - started


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


BURN = [3_000_000] * 8


def _sequential_burn() -> float:
    started = time.perf_counter()
    for n in BURN:
        _burn(n)
    return time.perf_counter() - started


def _parallel_burn() -> float:
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_burn, BURN))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="Times to run each measurement (best is kept).")
    args = parser.parse_args()
    pdfs = args.pdfs or sorted(Path("out/renders").glob("*.pdf"))
    if not pdfs:
        raise SystemExit("no PDFs given and none in out/renders (run benchmarks/render_seeds.py)")
    # Largest first, so that two workers finish together.
    pdfs.sort(key=lambda p: p.stat().st_size, reverse=True)
    pipeline_once(pdfs[-1])  # imports and caches warmed before anything is timed

    total_pages = 0
    total_bare = total_pipe = 0.0
    print(f"{'document':45} {'pages':>5} {'pdfplumber s/page':>18} {'pipeline s/page':>16}")
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
        bare = min(timed(bare_pdfplumber, path) for _ in range(args.repeat))
        pipe = min(timed(pipeline_once, path) for _ in range(args.repeat))
        total_pages += pages
        total_bare += bare
        total_pipe += pipe
        print(f"{path.name:45} {pages:5} {bare / pages:18.4f} {pipe / pages:16.4f}")
    print(f"{'all':45} {total_pages:5} {total_bare / total_pages:18.4f} {total_pipe / total_pages:16.4f}")

    one = min(_sequential(pdfs) for _ in range(args.repeat))
    two = min(_parallel(pdfs) for _ in range(args.repeat))
    print(f"\nall {len(pdfs)} documents: one core {one:.2f}s, two cores {two:.2f}s")
    burn_one, burn_two = _sequential_burn(), _parallel_burn()
    print(f"for scale, a pure-Python loop here and now: two cores/one core = {burn_one / burn_two:.2f}")
    ratio = total_pipe / total_bare
    print(f"pipeline/pdfplumber = {ratio:.2f} (one core); two cores/one core = {one / two:.2f}")


if __name__ == "__main__":
    main()
