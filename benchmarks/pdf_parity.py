"""Compare what the PDF path extracts with what the text path extracts from the same documents.

    python benchmarks/pdf_parity.py TEXT_DB PDF_DB [--scorer ../shared/eval/score.py]

The hand-made gold covers only some seeds; this covers all of them. For every document of TEXT_DB
it writes the text path's own rows as a gold file (provenance and ids left out, since lines and
pages differ between formats by design) and scores PDF_DB against them with the project's scorer,
so a PDF rendering of a seed is compared with the text seed field by field. A soft F1 of 1.000
means the PDF path extracted exactly what the text path did.

One line is printed per producer x convention x document, read from the rendering's name as
`render_seeds.py` (`<stem>.<convention>.pdf`, reportlab) and `render_seeds_html.py`
(`<stem>.<producer>-<convention>.pdf`) write it; `--gold-out DIR` keeps the gold files written, to
list with `score.py -v` what a rendering missed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

TABLES = ["services", "activities", "budget_totals", "measurements", "risks", "actions", "priorities",
          "responsibilities", "engagement", "budget_changes", "workforce_plans"]
DOCUMENT_FIELDS = ["council", "service", "title", "doc_type", "period"]
SKIP = {"doc_id", "line", "page", "source_text", "bbox", "indicator_id", "activity_id", "name_source",
        "match_method", "match_score"}


def text_gold(conn: sqlite3.Connection, doc: sqlite3.Row) -> dict:
    gold: dict = {"documents": {f: doc[f] for f in DOCUMENT_FIELDS}}
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table in TABLES:
        if table not in tables:
            continue
        rows = [dict(r) for r in conn.execute(f"SELECT * FROM [{table}] WHERE doc_id = ?", (doc["doc_id"],))]
        gold[table] = [{k: v for k, v in r.items() if k not in SKIP and not k.endswith("_id")} for r in rows]
    return gold


def rendering(source_file: str) -> tuple[str, str, str]:
    """(producer, convention, document) of a rendering's file name."""
    stem, _, rest = Path(source_file).name.removesuffix(".pdf").partition(".")
    producer, _, convention = rest.rpartition("-")
    return producer or "reportlab", convention, stem.split("_")[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("text_db", type=Path)
    parser.add_argument("pdf_db", type=Path)
    parser.add_argument("--scorer", type=Path, default=Path("../shared/eval/score.py"))
    parser.add_argument("--gold-out", type=Path, help="keep the gold files written from TEXT_DB here")
    args = parser.parse_args()
    conn = sqlite3.connect(f"file:{args.text_db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    with tempfile.TemporaryDirectory() as folder:
        for doc in conn.execute("SELECT * FROM documents WHERE format = 'text'"):
            stem = Path(doc["source_file"]).stem
            gold = text_gold(conn, doc)
            (Path(folder) / f"{stem}.json").write_text(json.dumps(gold, default=str), encoding="utf-8")
        if args.gold_out:
            shutil.copytree(folder, args.gold_out, dirs_exist_ok=True)
        command = [sys.executable, str(args.scorer), str(args.pdf_db), "--gold", folder, "--json"]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    lines = []
    for doc in report["documents"]:
        if doc["doc"] is None:
            continue
        tables = {k: v for k, v in doc["tables"].items() if v["gold"] or v["got"]}
        gold = sum(v["gold"] for v in tables.values())
        got = sum(v["got"] for v in tables.values())
        soft = sum(v["soft_r"] * v["gold"] for v in tables.values())
        p, r = (soft / got if got else 1.0), (soft / gold if gold else 1.0)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        worst = sorted((v["soft_f1"], k) for k, v in tables.items())[:2]
        notes = ", ".join(f"{k} {f:.3f}" for f, k in worst if f < 1)
        lines.append((*rendering(doc["doc"]), len(tables), gold, got, f1, notes))
    head = ("producer", "convention", "doc", "tables", "text rows", "pdf rows")
    print("{:11} {:11} {:4} {:>6} {:>9} {:>8}  soft F1 vs text".format(*head))
    for producer, convention, stem, ntables, gold, got, f1, notes in sorted(lines):
        print(f"{producer:11} {convention:11} {stem:4} {ntables:6} {gold:9} {got:8}  {f1:.3f}  {notes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
