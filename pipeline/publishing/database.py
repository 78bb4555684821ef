"""The database: tables created from the record models, then indexes, full-text search and summaries.

`create_tables` declares every column's type, primary and foreign keys up front (never guessed
from the first batch); `ensure_db_shape` is rerunnable and holds everything derived.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from typing import Literal, Union, get_args, get_origin

import sqlite_utils
from pydantic import BaseModel, ConfigDict

from pipeline import records as r

# Creation order: a table comes after the tables its foreign keys point to.
MODELS: list[type[r.Record]] = [
    r.DocumentRecord,
    r.IndicatorRecord,
    r.ServiceRecord,
    r.ActivityRecord,
    r.BudgetTotalRecord,
    r.MentionRecord,
    r.MeasurementRecord,
    r.RiskRecord,
    r.ActionRecord,
    r.PriorityRecord,
    r.ResponsibilityRecord,
    r.EngagementRecord,
    r.BudgetChangeRecord,
    r.WorkforcePlanRecord,
    r.UnrecognisedTableRecord,
    r.FindingRecord,
    r.IngestLogRecord,
    r.IndicatorConflictRecord,
    r.AuditRecord,
    r.ServiceOverviewRecord,
    r.StrategyLinkRecord,
    r.PlanStageRecord,
    r.SkippedRowRecord,
]
MODEL_BY_TABLE = {m.table: m for m in MODELS}

# Columns people slice by: each table's page offers a facet on the ones it has, and each of them is
# indexed, so that a facet counts from its index rather than by reading the table.
FACET_COLUMNS = ["council", "doc_id", "service", "period", "source", "status", "measure", "check", "severity",
                 "doc_type", "kind", "audience", "unit", "match_method", "rating", "role"]

# Indexes for the canned queries and charts (`site_queries`), beyond each model's own: the column
# a query finds its rows by first, then the ones it sorts them by, so one index finds and orders.
QUERY_INDEXES: dict[str, list[list[str]]] = {
    # an indicator's series, in year and measure order; a plan's targets of its own year
    "measurements": [["indicator_id", "period", "measure"], ["doc_id", "period", "measure"]],
    # every indicator in the order the series are listed (council, code, name)
    "indicators": [["council", "code", "name"]],
    # the plans of one service, by year (plan_changes)
    "documents": [["service", "council", "period"]],
}

# Each faceted column's values and their row counts over the whole table, counted once at build
# time: a table's page before any filter shows these, which would otherwise be counted again on
# every visit (a few hundred milliseconds per page at a million measurements).
FACET_COUNTS = "facet_counts"

FTS_COLUMNS = {
    "actions": ["title", "description", "planned_outcome", "update"],
    "risks": ["title", "description", "planned_actions"],
    "activities": ["activity", "description"],
    "indicators": ["name", "aliases"],
}


def _column_type(annotation: object) -> type:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _column_type(args[0])
    if origin is Literal:
        return str
    if annotation in (bool, int):
        return int
    if annotation is float:
        return float
    return str


def columns_of(model: type[r.Record]) -> dict[str, type]:
    hints = typing.get_type_hints(model)
    return {name: _column_type(hints[name]) for name in model.model_fields}


def not_null_of(model: type[r.Record]) -> set[str]:
    hints = typing.get_type_hints(model)
    required = set()
    for name, info in model.model_fields.items():
        args = get_args(hints[name])
        if info.is_required() and type(None) not in args:
            required.add(name)
    return required


def create_tables(db: sqlite_utils.Database) -> None:
    for model in MODELS:
        foreign_keys = [(col, other, other_col) for col, (other, other_col) in model.foreign_keys.items()
                        if col in model.model_fields]
        db[model.table].create(
            columns_of(model),
            pk=model.pk,
            foreign_keys=foreign_keys,
            not_null=not_null_of(model),
            if_not_exists=True,
        )


def insert(db: sqlite_utils.Database, rows: Iterable[r.Record]) -> None:
    """Records into their tables (see `insert_rows`)."""
    insert_rows(db, ((row.table, row.model_dump()) for row in rows))


def insert_rows(db: sqlite_utils.Database, rows: Iterable[tuple[str, dict]]) -> None:
    """`(table, dict)` rows into their tables, in the order of `MODELS`. A row of a table `MODELS`
    does not list is an error of the code that made it, never dropped."""
    by_table: dict[str, list[dict]] = {}
    for table, data in rows:
        if table not in MODEL_BY_TABLE:
            raise KeyError(f"no table {table!r} in MODELS")
        by_table.setdefault(table, []).append(data)
    for model in MODELS:
        if model.table in by_table:
            db[model.table].insert_all(by_table[model.table], pk=model.pk)


def link_measurements(db: sqlite_utils.Database, where: str = "1") -> None:
    """Each measurement (those `where` selects) takes the indicator its mention was linked to.

    Measurements are written as documents are read, before the registry exists; the links come
    after, from `indicator_mentions`, so the measurements never have to be held in memory.
    """
    db.execute(f"""
        UPDATE measurements SET indicator_id = (
            SELECT m.indicator_id FROM indicator_mentions m WHERE m.mention_id = measurements.mention_id)
        WHERE {where}
    """)


def facets_of(model: type[r.Record]) -> list[str]:
    return [c for c in FACET_COLUMNS if c in model.model_fields and c != model.pk]


def indexes_of(model: type[r.Record]) -> list[list[str]]:
    """The model's own indexes, one per faceted column, and those the canned queries need; one that
    is the leading part of another is left out (the longer serves it, and each costs every insert)."""
    wanted = [(c,) for c in model.indexes] + [(c,) for c in facets_of(model)]
    wanted += [tuple(c) for c in QUERY_INDEXES.get(model.table, [])]
    unique = list(dict.fromkeys(wanted))
    return [list(c) for c in unique if not any(len(o) > len(c) and o[:len(c)] == c for o in unique)]


def create_document_indexes(db: sqlite_utils.Database) -> None:
    """Of the indexes, those that find one document's rows (by `doc_id`) and one council's documents:
    what the registry and the checks read one council at a time, through them rather than by
    scanning every table once per council."""
    for model in MODELS:
        for columns in indexes_of(model):
            by_document = columns[0] == "doc_id" and model.table != "ingest_log"
            if by_document or (model.table, columns) == ("documents", ["council"]):
                db[model.table].create_index(columns, if_not_exists=True)


def create_indexes(db: sqlite_utils.Database) -> None:
    for model in MODELS:
        for columns in indexes_of(model):
            db[model.table].create_index(columns, if_not_exists=True)


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Indexes, full-text search, summaries and facet counts; safe to run again on a built database."""
    create_indexes(db)
    for table, columns in FTS_COLUMNS.items():
        if not db[table].detect_fts():
            db[table].enable_fts(columns, create_triggers=True)
    with db.conn:
        for name, sql in SUMMARIES.items():
            if name in db.view_names():  # a database built when the summaries were views
                db.execute(f"DROP VIEW [{name}]")
            db.execute(f"DROP TABLE IF EXISTS [{name}]")
            db.execute(f"CREATE TABLE [{name}] AS {sql}")  # rows in the summary's own order
            for columns in SUMMARY_INDEXES[name]:
                db[name].create_index(columns)
    count_facets(db)
    write_query_tables(db)


def write_query_tables(db: sqlite_utils.Database) -> None:
    """Each of `QUERY_TABLES` anew from the tables as they are, its rows numbered in its query's order."""
    with db.conn:
        for name, table in QUERY_TABLES.items():
            db[name].drop(ignore=True)
            db[name].create({"position": int, **table.columns}, pk="position", not_null={"position"})
            columns = ", ".join(f"[{c}]" for c in table.columns)
            db.execute(f"INSERT INTO [{name}] (position, {columns}) "
                       f"SELECT row_number() OVER (ORDER BY {table.order}), {columns} FROM ({table.sql})")


def count_facets(db: sqlite_utils.Database) -> None:
    """`facet_counts` anew from the tables as they are: one row per table, faceted column and value."""
    with db.conn:
        db[FACET_COUNTS].drop(ignore=True)
        db[FACET_COUNTS].create({"table_name": str, "column_name": str, "value": str, "count": int},
                                pk=("table_name", "column_name", "value"), not_null={"count"})
        faceted = {m.table: facets_of(m) for m in MODELS} | SUMMARY_FACETS
        for table, columns in faceted.items():
            for column in columns:
                db.execute(f"INSERT INTO {FACET_COUNTS} SELECT ?, ?, [{column}], count(*) FROM [{table}] "
                           f"WHERE [{column}] IS NOT NULL GROUP BY [{column}]", [table, column])
        db[FACET_COUNTS].create_index(["table_name", "column_name", "count"])


# Summaries of the rows, written as tables by every build (not views: as a view, each visit to its
# page would group every measurement again, past the site's time limit at a million of them).
SUMMARIES = {
    # One row per indicator, plan year and place printed (document, table kind, unit): the series
    # of one indicator across every document is `WHERE indicator_id = :indicator_id`.
    "indicator_series": """
        SELECT i.council, i.code, i.name, m.period,
               MAX(CASE WHEN m.measure = 'actual' THEN m.value END) AS actual,
               MAX(CASE WHEN m.measure = 'target' THEN m.value END) AS target,
               MAX(m.unit) AS unit, m.source, m.service, d.title AS document, d.period AS plan_period,
               d.doc_id, i.indicator_id
        FROM measurements m
        JOIN indicators i ON i.indicator_id = m.indicator_id
        JOIN documents d ON d.doc_id = m.doc_id
        GROUP BY i.indicator_id, m.period, d.doc_id, m.source, m.service
        ORDER BY i.council, i.code, i.indicator_id, m.period, d.period, m.source
    """,
}
SUMMARY_FACETS = {"indicator_series": ["council", "period", "service"]}
SUMMARY_INDEXES = {"indicator_series": [["indicator_id"], ["council"], ["period"], ["service"]]}


class QueryTable(BaseModel):
    """Rows a canned query pages through, grouped or put in order once by the build: `sql`'s
    rows, numbered by `order` in `position` (the table's key), so that a page of 50 reads 50 rows."""

    model_config = ConfigDict(extra="forbid")

    columns: dict[str, type]  # what `sql` gives, in this order
    sql: str
    order: str  # an ORDER BY of `sql`'s columns that no two rows tie on


SEVERITY_RANK = "CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"

# Written by every build after the summaries; hidden on the site, whose canned queries show them
# (`audit_findings`, `findings_summary`), and exported through those queries.
QUERY_TABLES: dict[str, QueryTable] = {
    # Every finding in the auditor's order (errors first, then by document title, check and
    # subject), with the columns the query filters by.
    "finding_order": QueryTable(
        columns={"finding_id": str, "doc_id": str, "severity": str, "check": str},
        sql="""SELECT f.finding_id, f.doc_id, f.severity, f."check", f.subject, d.title
               FROM findings f LEFT JOIN documents d ON d.doc_id = f.doc_id""",
        order=f'{SEVERITY_RANK}, title, "check", subject, finding_id',
    ),
    # Errors, warnings and notes per document and check.
    "finding_counts": QueryTable(
        columns={"document": str, "doc_id": str, "check": str, "errors": int, "warnings": int, "notes": int},
        sql="""SELECT d.title AS document, f.doc_id, f."check",
                      SUM(f.severity = 'error') AS errors, SUM(f.severity = 'warning') AS warnings,
                      SUM(f.severity = 'info') AS notes
               FROM findings f LEFT JOIN documents d ON d.doc_id = f.doc_id
               GROUP BY f.doc_id, f."check"
        """,
        order='document, "check", doc_id',
    ),
}
