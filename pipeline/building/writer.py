"""The single writer: documents' rows in batches as they arrive, then the steps across documents.

Rows travel as `(table, dict)` pairs, the records' own `model_dump()` made where the document was
read: nothing is validated or dumped again on the way into SQLite, and nothing but the current
batch is held. The indicator registry links mentions within one council, so it runs council by
council over mentions read back from the database: the writer holds one council's mentions at a
time, however many documents there are. An incremental build runs it only for the councils whose
documents changed, which gives the same rows as running it for all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import sqlite_utils

from pipeline.building.stages import first_failing, stage
from pipeline.linking.conflicts import registry_conflicts
from pipeline.linking.registry import PlanInfo, build_registry
from pipeline.publishing import database
from pipeline.records import MentionRecord

Row = tuple[str, dict]

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


def link_councils(db: sqlite_utils.Database, councils: set[str | None]) -> None:
    """The registry, its conflicts and each measurement's indicator, anew for these councils."""
    for council in sorted(councils, key=lambda c: c or ""):
        with db.conn:
            db.execute("DELETE FROM indicators WHERE council IS ?", [council])
            db.execute("DELETE FROM indicator_conflicts WHERE council IS ?", [council])
            _link_council(db, council)


def _link_council(db: sqlite_utils.Database, council: str | None) -> None:
    plans = {doc_id: PlanInfo(council=council, period=period, service=service) for doc_id, period, service
             in db.execute("SELECT doc_id, period, service FROM documents WHERE council IS ?", [council])}
    if not plans:
        return
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
    with stage("indicator links"):
        database.insert(db, indicators)
        db.conn.executemany(
            "UPDATE indicator_mentions SET indicator_id = ?, match_method = ?, match_score = ? WHERE mention_id = ?",
            ((m.indicator_id, m.match_method, m.match_score, m.mention_id) for m in linked))
        ids = _temp_ids(db, "council_docs", plans)
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


def check_councils(db: sqlite_utils.Database, councils: set[str | None], run_checks) -> None:
    """`run_checks` anew for these councils' documents, one council at a time.

    Each council's rows are copied into temporary tables of the same names, which SQLite reads
    before the main ones: the checks see a database holding that council alone, so the writer
    holds one council's rows at a time and an incremental build checks only the councils changed.
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
    for council in ordered:
        try:
            for table in tables:
                db.execute(f"CREATE TEMP TABLE [{table}] AS SELECT * FROM main.[{table}] "
                           f"WHERE {_BY_COUNCIL.get(table, _OF_ITS_DOCUMENTS)}", {"council": council})
            found = run_checks(db)
        finally:
            for table in tables:
                db.execute(f"DROP TABLE IF EXISTS temp.[{table}]")
        with db.conn:
            rows = [f.model_dump() for f in found]
            db["findings"].insert_all(rows, pk="finding_id", ignore=True)  # one failed check, many councils
