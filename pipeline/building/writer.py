"""The single writer: documents' rows in batches as they arrive, then the steps across documents.

Rows travel as `(table, dict)` pairs, the records' own `model_dump()` made where the document was
read: nothing is validated or dumped again on the way into SQLite, and nothing but the current
batch is held. The indicator registry links mentions within one council, so it runs council by
council over mentions read back from the database: the writer holds one council's mentions at a
time, however many documents there are. An incremental build runs it only for the councils whose
documents changed, which gives the same rows as running it for all.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from pipeline.building.stages import first_failing, stage
from pipeline.linking.conflicts import registry_conflicts
from pipeline.linking.registry import PlanInfo, build_registry
from pipeline.publishing import database
from pipeline.records import MentionRecord

Row = tuple[str, dict]
T = TypeVar("T")

# Tables written from the documents themselves, each row belonging to one document by `doc_id`.
# The others (indicators, their conflicts, findings, the summaries) are made from all of them.
CROSS_DOCUMENT = {"indicators", "indicator_conflicts", "findings", "ingest_log"}
PER_DOCUMENT = [m.table for m in reversed(database.MODELS) if m.table not in CROSS_DOCUMENT]


class RowBatch:
    """Rows waiting to be written: one transaction per few thousand rows, not one per document."""

    SIZE = 5000

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.rows: list[Row] = []

    def add(self, rows: Iterable[Row]) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= self.SIZE:
            self.flush()

    def flush(self) -> None:
        with self.db.conn:
            database.insert_rows(self.db, self.rows)
        self.rows = []


def _temp_ids(db: sqlite_utils.Database, name: str, values: Iterable[str]) -> str:
    """A temporary one-column table of `values`, for `IN (SELECT …)` over thousands of them."""
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS [{name}] (value TEXT PRIMARY KEY)")
    db.execute(f"DELETE FROM temp.[{name}]")
    db.conn.executemany(f"INSERT OR IGNORE INTO temp.[{name}] VALUES (?)", ((v,) for v in values))
    return f"SELECT value FROM temp.[{name}]"


def councils_of(db: sqlite_utils.Database, doc_ids: Iterable[str]) -> set[str | None]:
    ids = _temp_ids(db, "council_docs", doc_ids)
    return {c for (c,) in db.execute(f"SELECT DISTINCT council FROM documents WHERE doc_id IN ({ids})")}


def delete_documents(db: sqlite_utils.Database, doc_ids: Iterable[str], kept_files: Iterable[str]) -> None:
    """Remove every row of these documents, and the ingest_log rows of every file not in `kept_files`."""
    with db.conn:
        ids = _temp_ids(db, "gone_docs", doc_ids)
        for table in PER_DOCUMENT:
            db.execute(f"DELETE FROM [{table}] WHERE doc_id IN ({ids})")
        kept = _temp_ids(db, "kept_files", kept_files)
        db.execute(f"DELETE FROM ingest_log WHERE source_file NOT IN ({kept})")


def all_councils(db: sqlite_utils.Database) -> set[str | None]:
    return {c for (c,) in db.execute("SELECT DISTINCT council FROM documents")}


def link_councils(db: sqlite_utils.Database, councils: set[str | None],
                  readers: CouncilReaders | None = None) -> None:
    """The registry, its conflicts and each measurement's indicator, anew for these councils.

    A council's registry is made from its own rows alone, so with `readers` several councils are
    made at once in their processes; the writer writes them in council order either way.
    """
    ordered = sorted(councils, key=lambda c: c or "")
    made = readers.map(_registry_in_reader, ordered) if readers else (_registry(db, c) for c in ordered)
    for council, registry in zip(ordered, made, strict=True):
        with db.conn:
            db.execute("DELETE FROM indicators WHERE council IS ?", [council])
            db.execute("DELETE FROM indicator_conflicts WHERE council IS ?", [council])
            if registry is not None:
                _write_registry(db, *registry)


Registry = tuple[list[str], list, list[MentionRecord], list]  # doc ids, indicators, linked mentions, conflicts


def _registry(db: sqlite_utils.Database, council: str | None) -> Registry | None:
    """One council's registry and conflicts, from its documents' mentions; None if it has no documents."""
    plans = {doc_id: PlanInfo(council=council, period=period, service=service) for doc_id, period, service
             in db.execute("SELECT doc_id, period, service FROM documents WHERE council IS ?", [council])}
    if not plans:
        return None
    mentions = list(_mentions_of(db, council))
    source_files = dict(db.execute("SELECT doc_id, source_file FROM documents WHERE council IS ?", [council]))

    def by_document(records):
        groups: dict[str, list] = {}
        for record in records:
            groups.setdefault(record.doc_id, []).append(record)
        return [(source_files.get(doc_id, doc_id), group) for doc_id, group in groups.items()]

    with stage("indicator registry",
               lambda: first_failing(by_document(mentions), lambda group: build_registry(group, plans))):
        indicators, linked = build_registry(mentions, plans)
    with stage("indicator conflicts",
               lambda: first_failing(by_document(linked), lambda group: registry_conflicts(indicators, group))):
        conflicts = registry_conflicts(indicators, linked)
    return list(plans), indicators, linked, conflicts


def _write_registry(db: sqlite_utils.Database, doc_ids: list[str], indicators: list,
                    linked: list[MentionRecord], conflicts: list) -> None:
    with stage("indicator links"):
        database.insert(db, indicators)
        db.conn.executemany(
            "UPDATE indicator_mentions SET indicator_id = ?, match_method = ?, match_score = ? WHERE mention_id = ?",
            ((m.indicator_id, m.match_method, m.match_score, m.mention_id) for m in linked))
        ids = _temp_ids(db, "council_docs", doc_ids)
        database.link_measurements(db, f"doc_id IN ({ids})")
        database.insert(db, conflicts)


def _mentions_of(db: sqlite_utils.Database, council: str | None) -> Iterator[MentionRecord]:
    cursor = db.execute("SELECT m.* FROM indicator_mentions m JOIN documents d ON d.doc_id = m.doc_id "
                        "WHERE d.council IS ? ORDER BY m.mention_id", [council])
    columns = [c[0] for c in cursor.description]
    for values in cursor:
        yield MentionRecord.model_validate(dict(zip(columns, values, strict=True)))


# What the checks read of one council: its documents, its rows, its registry. Every check compares
# rows within one document or one indicator, and an indicator belongs to one council.
_BY_COUNCIL = {"documents": "council IS :council", "indicators": "council IS :council",
               "indicator_conflicts": "council IS :council"}
_OF_ITS_DOCUMENTS = "doc_id IN (SELECT doc_id FROM main.documents WHERE council IS :council)"


def check_councils(db: sqlite_utils.Database, councils: set[str | None], run_checks,
                   readers: CouncilReaders | None = None) -> None:
    """`run_checks` anew for these councils' documents, one council at a time.

    Each council's rows are copied into temporary tables of the same names, which SQLite reads
    before the main ones: the checks see a database holding that council alone, so the writer
    holds one council's rows at a time and an incremental build checks only the councils changed.
    With `readers`, several councils are checked at once, each in a reader's own connection (its
    temporary tables are its own); their findings are written in council order either way.
    Findings of documents no longer there go too; those about no document (a check that could
    not run) are made again by the councils that find them.
    """
    ordered = sorted(councils, key=lambda c: c or "")
    with db.conn:
        for council in ordered:
            db.execute(f"DELETE FROM findings WHERE {_OF_ITS_DOCUMENTS.replace('main.', '')}",
                       {"council": council})
        db.execute("DELETE FROM findings WHERE doc_id IS NULL OR doc_id NOT IN (SELECT doc_id FROM documents)")
    tables = [t for t in dict.fromkeys([*PER_DOCUMENT, *_BY_COUNCIL]) if db[t].exists()]
    found = (readers.map(partial(_checks_in_reader, tables, run_checks), ordered) if readers
             else (_checks(db, tables, council, run_checks) for council in ordered))
    for rows in found:
        with db.conn:
            db["findings"].insert_all(rows, pk="finding_id", ignore=True)  # one failed check, many councils


def _checks(db: sqlite_utils.Database, tables: list[str], council: str | None, run_checks) -> list[dict]:
    """The findings of one council's rows, seen through temporary tables holding only them."""
    try:
        for table in tables:
            db.execute(f"CREATE TEMP TABLE [{table}] AS SELECT * FROM main.[{table}] "
                       f"WHERE {_BY_COUNCIL.get(table, _OF_ITS_DOCUMENTS)}", {"council": council})
        return [f.model_dump() for f in run_checks(db)]
    finally:
        for table in tables:
            db.execute(f"DROP TABLE IF EXISTS temp.[{table}]")


# --- work of one council at a time, in processes of its own ----------------------------------------

_reader: sqlite_utils.Database | None = None  # a reader process's connection to the database


def _reader_db(path: str) -> sqlite_utils.Database:
    global _reader
    if _reader is None:
        _reader = sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60))
    return _reader


def _registry_in_reader(path: str, council: str | None) -> Registry | None:
    return _registry(_reader_db(path), council)


def _checks_in_reader(tables: list[str], run_checks, path: str, council: str | None) -> list[dict]:
    return _checks(_reader_db(path), tables, council, run_checks)


class CouncilReaders:
    """Processes that read the database by connections of their own, for the work done one council
    at a time after reading (the registry, the checks): the councils are independent, so they are
    made in parallel and only the writing of their results is left to the single writer.

    The processes are forked when this is made, which must be before the writer opens the
    database or starts a cluster: a process forked with an SQLite connection open must not open
    the same file, and one forked from many threads may inherit a lock some thread held. They
    open the file when first given work; the writer commits before it hands them any.
    """

    AHEAD = 2  # councils handed out per process beyond the one being written

    def __init__(self, db_path: Path, processes: int) -> None:
        self.path = str(db_path)
        self.processes = processes
        self.pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))
        self.pool.submit(int).result()  # a fork context starts every process on the first task: now

    def map(self, fn: Callable[..., T], councils: list[str | None]) -> Iterator[T]:
        """`fn(path, council)` for each council, in their order, a few councils ahead of the one yielded."""
        window = self.processes * (1 + self.AHEAD)
        pending: deque[Future] = deque()
        queued = iter(councils)
        try:
            for council in islice(queued, window):
                pending.append(self.pool.submit(fn, self.path, council))
            while pending:
                result = pending.popleft().result()
                for council in islice(queued, 1):
                    pending.append(self.pool.submit(fn, self.path, council))
                yield result
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
