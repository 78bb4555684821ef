"""The CSV and JSON files beside the database: every table and summary, and every exportable query.

Each is read once and written in both formats as its rows come (the JSON by sqlite-utils' own row
serialiser, one object a line, as its `rows` command writes it), so nothing is held whatever the
size. A table's rows come in primary key order, which does not depend on the order they were
written in (an incremental build adds changed documents' rows after the others'). Serialising is
most of a rebuild's last seconds, so the files are written by two forked processes, the queries
and the largest tables first.
"""

from __future__ import annotations

import csv
import multiprocessing
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.publishing import database
from pipeline.publishing.queries import PAGE, QUERIES

FORMATS = ("csv", "json")


@dataclass(frozen=True)
class Export:
    """One file name's worth of rows: a table or summary, or a canned query run with every
    parameter empty (and every page, for a query that pages itself)."""

    name: str
    sql: str
    params: dict[str, str] = field(default_factory=dict)


def exports_of(conn: sqlite3.Connection) -> list[Export]:
    """What the database's exports hold, in the order they are best written: the queries (whose
    size is not known beforehand), then the tables from the largest down."""
    queries = [Export(q.name, q.sql, {p: "" for p in q.params} | ({PAGE: "all"} if q.pages_itself else {}))
               for q in QUERIES if q.export]
    present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables = []
    for name in sorted(present):
        if name not in database.MODEL_BY_TABLE and name not in database.SUMMARIES:
            continue
        model = database.MODEL_BY_TABLE.get(name)
        order = f" ORDER BY [{model.pk}]" if model is not None and model.pk else ""
        rows = conn.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]
        tables.append((rows, Export(name, f"SELECT * FROM [{name}]{order}")))
    return queries + [export for _rows, export in sorted(tables, key=lambda t: -t[0])]


def write_export(db_path: Path, out_dir: Path, export: Export) -> None:
    """One export's rows, read once, as `csv/<name>.csv` and `json/<name>.json`."""
    from sqlite_utils.cli import output_rows

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        cursor = conn.execute(export.sql, export.params)
        columns = [c[0] for c in cursor.description]
        paths = {fmt: out_dir / fmt / f"{export.name}.{fmt}" for fmt in FORMATS}
        for path in paths.values():
            path.parent.mkdir(parents=True, exist_ok=True)
        with open(paths["csv"], "w", newline="", encoding="utf-8") as csv_file, \
                open(paths["json"], "w", newline="", encoding="utf-8") as json_file:
            writer = csv.writer(csv_file)
            writer.writerow(columns)

            def rows() -> Iterator[tuple]:
                for row in cursor:
                    writer.writerow(row)
                    yield row

            for line in output_rows(rows(), columns, False, False, False):
                json_file.write(line + "\n")
    finally:
        conn.close()


def export_all(db_path: Path, out_dir: Path, processes: int = 2) -> None:
    """Every export of the finished database, written by `processes` forked processes."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        todo = exports_of(conn)
    finally:
        conn.close()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        for done in [pool.submit(_write_in_child, db_path, out_dir, export) for export in todo]:
            done.result()


def _write_in_child(db_path: Path, out_dir: Path, export: Export) -> None:
    write_export(db_path, out_dir, export)  # looked up in the forked process, as this module has it
