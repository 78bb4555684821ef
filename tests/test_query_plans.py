"""The site's queries find their rows through indexes: no full scan of the large tables.

Every page is requested from Datasette itself (its test client, with `trace_debug` on), so the SQL
checked is the SQL Datasette runs for it: canned queries, table pages with their facets and counts,
filtered or not. Each statement is then put to SQLite's `EXPLAIN QUERY PLAN` against the built seed
database. A plan is decided before any value is bound, so the seeds' few rows show the plan that a
database of millions gets.
"""

from __future__ import annotations

import re
import sqlite3
import urllib.parse
from pathlib import Path

import pytest
import sqlite_utils
from datasette.app import Datasette

from pipeline.publishing import database, site
from pipeline.publishing.queries import DASHBOARDS, QUERIES

ROOT = Path(__file__).resolve().parent.parent
# The tables that grow with the corpus: tens of millions of measurements in the full UK corpus, and
# the findings of the checks on them.
LARGE = ("measurements", "indicator_mentions", "activities", "findings")
SQL_WORDS = {"on", "where", "join", "left", "cross", "inner", "group", "order", "limit", "using", "natural"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def built(seeds_build: Path) -> Path:
    """The session's seed build (only read here)."""
    return seeds_build


def _pages(conn: sqlite3.Connection) -> list[str]:
    """Every canned query (parameters empty, and an example) and every faceted table page (whole, and
    one document's rows), as JSON."""
    pages = []
    for query in QUERIES:
        empty = {p: "" for p in query.params}
        if not query.required:
            pages.append(f"/plans/{query.name}.json?" + urllib.parse.urlencode(empty))
        example = {}
        if query.examples_sql:
            cursor = conn.execute(query.examples_sql)
            row = cursor.fetchone()
            if row:
                example = {d[0]: v for d, v in zip(cursor.description, row, strict=True) if d[0] in query.params}
        if query.name == "search":
            example = {"q": "digital"}
        if query.name == "plan_changes" and not example:
            example = {"service": "Corporate Services"}
        if example:
            pages.append(f"/plans/{query.name}.json?" + urllib.parse.urlencode(empty | example))
    (doc_id,) = conn.execute("SELECT doc_id FROM documents ORDER BY doc_id LIMIT 1").fetchone()
    for model in database.MODELS:
        if database.facets_of(model):
            pages.append(f"/plans/{model.table}.json")
            if "doc_id" in model.model_fields:
                pages.append(f"/plans/{model.table}.json?doc_id={doc_id}")
    return pages


def _datasette(db_path: Path) -> Datasette:
    db = sqlite_utils.Database(db_path)
    metadata = site.build_metadata(db, None)
    db.close()
    return Datasette(immutables=[str(db_path)], metadata=metadata, template_dir=str(site.TEMPLATES),
                     plugins_dir=str(site.PLUGINS), settings={**site.serve_settings(db_path), "trace_debug": True})


async def _served_statements(db_path: Path) -> list[tuple[str, str, object]]:
    """(page, sql, params) of every statement Datasette ran for the pages that touches a large table."""
    ds = _datasette(db_path)
    conn = sqlite3.connect(db_path)
    statements = []
    for page in _pages(conn):
        response = await ds.client.get(page + ("&" if "?" in page else "?") + "_trace=1")
        assert response.status_code == 200, (page, response.text[:300])
        for trace in response.json()["_trace"]["traces"]:
            sql = trace.get("sql") or ""
            if re.match(r"\s*(select|with)\b", sql, re.I) and any(t in sql for t in LARGE):
                statements.append((page, sql, trace.get("params")))
    conn.close()
    return statements


def _chart_statements() -> list[tuple[str, str, object]]:
    """The charts' own queries, as the dashboards plugin runs them, and the series chart's picker."""
    statements = []
    for name, dashboard in DASHBOARDS.items():
        for part in [*dashboard["filters"].values(), *dashboard["charts"].values()]:
            if "query" in part:
                sql = re.sub(r"\[\[.*?\]\]", "", part["query"])  # optional filters left out
                statements.append((f"dashboard {name}", sql, {}))
    for query in QUERIES:
        if query.chart_pick_sql:
            statements.append((f"{query.name} chart picker", query.chart_pick_sql, {}))
    return statements


def _plan(conn: sqlite3.Connection, sql: str, params: object) -> list[str]:
    if not isinstance(params, list | tuple):
        names = set(re.findall(r":(\w+)", sql))
        params = {n: (params or {}).get(n, "") for n in names}
    return [detail for *_ids, detail in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


def full_scans(conn: sqlite3.Connection, sql: str, params: object) -> list[str]:
    """Plan lines that read every row of a large table: a scan with no index (`SCAN m`), or a walk
    of a whole index whose rows are then sorted (so all are read before the first is shown).

    A walk of a covering index is a count over the whole table (a facet, the row count) read from
    the index alone; a walk in the order asked stops at the page's LIMIT. Both are allowed.
    """
    names = set(LARGE)
    for _table, alias in re.findall(rf"\b(?:from|join)\s+({'|'.join(LARGE)})\b(?:\s+(?:as\s+)?(\w+))?", sql, re.I):
        if alias and alias.lower() not in SQL_WORDS:
            names.add(alias)
    plan = _plan(conn, sql, params)
    sorted_after = any(line.startswith("USE TEMP B-TREE FOR ORDER BY") for line in plan)
    scans = []
    for line in plan:
        scan = re.fullmatch(r"SCAN (\w+)( USING INDEX \w+)?", line)
        if scan and scan[1] in names and (not scan[2] or sorted_after):
            scans.append(line)
    return scans


@pytest.mark.anyio
async def test_no_page_or_chart_reads_a_large_table_without_an_index(built):
    statements = await _served_statements(built) + _chart_statements()
    pages = {page for page, _sql, _params in statements}
    assert any("indicator_over_time" in p for p in pages) and any("measurements.json?doc_id=" in p for p in pages)
    conn = sqlite3.connect(built)
    scans = [(page, line, sql[:200]) for page, sql, params in statements for line in full_scans(conn, sql, params)]
    conn.close()
    assert scans == []


def test_the_series_plan_changes_and_facets_use_the_indexes_made_for_them(built):
    conn = sqlite3.connect(built)
    series = next(q for q in QUERIES if q.name == "indicator_over_time")
    changes = next(q for q in QUERIES if q.name == "plan_changes")
    assert _plan(conn, series.sql, {})[:2] == [
        "SCAN i USING INDEX idx_indicators_council_code_name",
        "SEARCH m USING INDEX idx_measurements_indicator_id_period_measure (indicator_id=?)",
    ]
    assert ("SEARCH m USING INDEX idx_measurements_doc_id_period_measure (doc_id=? AND period=? AND measure=?)"
            in _plan(conn, changes.sql, {}))
    facet = ("select source as value, count(*) as count from (select * from measurements) "
             "where source is not null group by source order by count desc, value limit 31")
    assert _plan(conn, facet, {})[0] == "SCAN measurements USING COVERING INDEX idx_measurements_source"
    conn.close()


def test_every_faceted_column_is_indexed_and_no_index_is_the_start_of_another(built):
    db = sqlite_utils.Database(built)
    for model in database.MODELS:
        indexed = [tuple(i.columns) for i in db[model.table].indexes if not i.name.startswith("sqlite_autoindex")]
        for column in database.facets_of(model):
            assert any(columns[0] == column for columns in indexed), (model.table, column)
        for columns in indexed:
            assert not any(len(o) > len(columns) and o[:len(columns)] == columns for o in indexed), columns
    assert ("indicator_id", "period", "measure") in [tuple(i.columns) for i in db["measurements"].indexes]
    db.close()


def test_the_shape_of_a_built_database_can_be_made_again_with_the_same_rows(built, tmp_path):
    again = tmp_path / "plans.db"
    again.write_bytes(built.read_bytes())
    db = sqlite_utils.Database(again)
    before = {t: list(db[t].rows) for t in ("indicator_series", "facet_counts")}
    database.ensure_db_shape(db)
    assert {t: list(db[t].rows) for t in ("indicator_series", "facet_counts")} == before
    assert len(before["indicator_series"]) > 0 and "indicator_series" in db.table_names()
    db.close()


def test_the_findings_queries_read_the_builds_order_and_stop_at_the_page(built):
    """No sort and no grouping per request: a page of the findings reads 50 rows of `finding_order`
    in its key's order and looks each finding and its document up; the summary reads its table."""
    conn = sqlite3.connect(built)
    audit = next(q for q in QUERIES if q.name == "audit_findings")
    summary = next(q for q in QUERIES if q.name == "findings_summary")
    assert _plan(conn, audit.paged_sql(), {}) == [
        "SCAN o",
        "SEARCH f USING INDEX sqlite_autoindex_findings_1 (finding_id=?)",
        "SEARCH d USING INDEX sqlite_autoindex_documents_1 (doc_id=?) LEFT-JOIN",
    ]
    assert _plan(conn, summary.paged_sql(), {}) == ["SCAN finding_counts"]
    conn.close()


@pytest.mark.anyio
async def test_a_whole_tables_row_count_is_counted_once_when_the_site_starts(built):
    """Each visit to a table's page would count its rows again (`select count(*)`); the site counts
    every table once at its start, as `datasette inspect` does, and a filtered page counts its own."""
    ds = _datasette(built)
    conn = sqlite3.connect(built)
    (rows,) = conn.execute("SELECT count(*) FROM measurements").fetchone()
    (doc_id, of_doc) = conn.execute("SELECT doc_id, count(*) FROM measurements GROUP BY doc_id "
                                    "ORDER BY doc_id LIMIT 1").fetchone()
    conn.close()
    whole = (await ds.client.get("/plans/measurements.json?_trace=1")).json()
    assert whole["filtered_table_rows_count"] == rows == 314
    assert not [t for t in whole["_trace"]["traces"] if "count(*) from measurements" in (t.get("sql") or "")]
    one = (await ds.client.get(f"/plans/measurements.json?doc_id={doc_id}")).json()
    assert one["filtered_table_rows_count"] == of_doc
