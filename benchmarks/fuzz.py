"""Fuzz the reader, table finder, metadata, extractors and normalisers; print the count of crashes.

    python benchmarks/fuzz.py [--documents 3000] [--cells 10000] [--seed 0]

Cases are made by tests/fuzzing.py from the lines of the real plan excerpts in tests/fixtures
(cut, repeated, mutated with hostile values, re-encoded) and from hostile and arbitrary cells. A
crash is any exception but the domain errors a document is documented to fail with (`PlanError`),
or a record holding a value SQLite or JSON cannot. Each crash is printed with the seed that makes
it again. Ends with one line:

    N cases (D documents, C cells), K crashes, S s
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import normalise_fuzzed, random_cell, random_document, read_fuzzed  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--cells", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    crashes: Counter[str] = Counter()
    records = 0
    for n in range(args.documents):
        seed = args.seed * 1_000_003 + n
        try:
            records += read_fuzzed(random_document(random.Random(seed)))
        except Exception as exc:
            kind = f"{type(exc).__name__}: {str(exc)[:120]}"
            if not crashes[kind]:
                print(f"document seed {seed}: {kind}\n{traceback.format_exc(limit=-3)}", flush=True)
            crashes[kind] += 1
        if (n + 1) % 1000 == 0:
            print(f"  {n + 1} documents, {records} records, {sum(crashes.values())} crashes", flush=True)
    for n in range(args.cells):
        seed = args.seed * 1_000_003 + n
        cell = random_cell(random.Random(seed))
        try:
            normalise_fuzzed(cell)
        except Exception as exc:
            kind = f"{type(exc).__name__}: {str(exc)[:120]}"
            if not crashes[kind]:
                print(f"cell seed {seed} {cell[:60]!r}: {kind}", flush=True)
            crashes[kind] += 1
    total = sum(crashes.values())
    print(f"{args.documents + args.cells} cases ({args.documents} documents, {args.cells} cells), "
          f"{total} crashes, {time.perf_counter() - started:.0f} s")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
