"""The published site: Datasette metadata generated from the record models and the built database.

Table and column descriptions come from the pydantic models in `records.py`, so the site cannot
describe a column differently from the code that fills it. The home page's dynamic parts (which
councils, documents and years; when it was built) come from the database, so the metadata is
generated at build time into `out/datasette-metadata.yml` beside `out/plans.db`, never committed.
"""

from __future__ import annotations

import copy
import html
import math
import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import jinja2
import sqlite_utils
import yaml
from markupsafe import Markup
from pydantic import BaseModel

from pipeline import records as r
from pipeline.publishing import database
from pipeline.publishing.queries import DASHBOARDS, INDICATOR_LABEL, PLAN_CHANGES, QUERIES, CannedQuery

DATABASE = "plans"
METADATA_FILE = "datasette-metadata.yml"
WEB = Path(__file__).parent / "web"
TEMPLATES = WEB / "templates"
PLUGINS = WEB / "plugins"

# Datasette settings: whole result sets downloadable as CSV (streamed) and JSON (`_size=max`);
# no facet suggestions (they cost a query per column on every table page); 50 rows a table page (a
# page renders at about 20 µs a cell: 100 rows of a wide table took 50-120 ms at a million
# measurements, nearly all of it rendering). The limits that bound
# one request's cost are sized for the database being served: `serve_settings`.
SETTINGS: dict[str, object] = {
    "allow_csv_stream": True,
    "default_page_size": 50,
    "suggest_facets": False,
}
# One value (string or blob, in bytes) may be at most twice the longest the database holds, and
# never less than this; a query that makes a longer one (`hex(zeroblob(…))`) is refused by SQLite.
LENGTH_LIMIT_FLOOR = 32 * 1024
# A page of results may hold at most this many bytes (rows × the value length limit); within it, as
# many rows as the largest table has, so that `_size=max` downloads every row of a table that fits
# (a larger one pages through `next`, and its streamed CSV is whole).
PAGE_BUDGET_BYTES = 32 * 1024 * 1024
ROWS_FLOOR = 1_000
CSV_MB_FLOOR = 5

class SiteSettings(BaseModel):
    """The hand-written parts of the site."""

    title: str = "Council plans: budgets, indicators, risks and actions"
    source: str = "Plan documents published by each council"
    license: str = "Open Government Licence v3.0"
    license_url: str = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    about: str = ("The data contract (table and column names, normalisation rules): "
                  "docs/SCHEMA.md of council-plans")
    about_url: str | None = None


# Units of columns whose unit is fixed (a column whose unit varies has its own `unit` column).
UNITS: dict[tuple[str, str], str] = {
    ("services", "staff_fte"): "FTE",
    ("activities", "fte"): "FTE",
    ("activities", "expenditure"): "£",
    ("activities", "income"): "£",
    ("activities", "net"): "£",
    ("budget_totals", "fte"): "FTE",
    ("budget_totals", "expenditure"): "£",
    ("budget_totals", "income"): "£",
    ("budget_totals", "net"): "£",
    ("budget_changes", "amount"): "£",
    ("indicator_mentions", "match_score"): "0-100",
    ("ingest_log", "seconds"): "seconds",
}
UNITS_IN = {("measurements", "value"): "unit"}
# Columns shown on the site as pounds (`£364,258`); downloads keep the plain numbers.
MONEY_COLUMNS: dict[str, set[str]] = {}
for (_table, _column), _unit in UNITS.items():
    if _unit == "£":
        MONEY_COLUMNS.setdefault(_table, set()).add(_column)
MONEY_QUERY_COLUMNS = {"expenditure", "income", "net"}  # the budget query's sums
# The plan files as read, published beside the database (one folder per doc_id) for row pages to link.
DOCUMENTS_DIR = "documents"

# Tables whose rows read best in year order (YYYY/YY sorts as text).
SORT_BY_PERIOD = {"documents", "activities", "budget_totals", "measurements", "budget_changes"}
LABELS = {"documents": "title", "indicators": "name", "activities": "activity",
          "indicator_mentions": "text", "services": "name"}


def column_descriptions(model: type[r.Record]) -> dict[str, str]:
    """Every column's description from the model's Field, with its unit where it has a fixed one."""
    described = {}
    for name, info in model.model_fields.items():
        text = (info.description or "").strip()
        if not text:
            raise ValueError(f"{model.__name__}.{name} has no description")
        unit = UNITS.get((model.table, name))
        if unit:
            text = f"{text} Unit: {unit}."
        if (model.table, name) in UNITS_IN:
            text = f"{text} Unit: given in the `{UNITS_IN[(model.table, name)]}` column."
        described[name] = text
    return described


def download_links(name: str, base: str = f"/{DATABASE}") -> str:
    """Links to every row of a table or query, as CSV (streamed) and JSON."""
    csv_url = f"{base}/{name}.csv?_stream=on&_size=max&_dl=1"
    json_url = f"{base}/{name}.json?_shape=array&_size=max"
    return f'<a href="{html.escape(csv_url)}">CSV</a> · <a href="{html.escape(json_url)}">JSON</a>'


def table_metadata(model: type[r.Record]) -> dict:
    fields = model.model_fields
    entry: dict = {
        "description_html": (f"<p>{html.escape(model.table_description)}</p>"
                             f"<p>Download all rows: {download_links(model.table)}</p>"),
        "columns": column_descriptions(model),
    }
    facets = database.facets_of(model)
    if facets:  # counted at build time for the whole table (web/plugins/stored_facets.py)
        entry["facets"] = [{"stored": column} for column in facets]
    if model.table in SORT_BY_PERIOD and "period" in fields:
        entry["sort"] = "period"
    if model.table in LABELS:
        entry["label_column"] = LABELS[model.table]
    return entry


def link_url(url: str | None) -> str | None:
    """A publisher's address fit to be a link: http(s) with a host, else None (a `javascript:` or
    `file:` address from a manifest is never made clickable, whatever let it into the database)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _summary(db: sqlite_utils.Database) -> dict:
    docs = [{**d, "url": link_url(d["url"])} for d in db.query(
        "SELECT doc_id, council, service, title, doc_type, period, url FROM documents "
        "ORDER BY council, period, title")]
    councils: dict[str, list[dict]] = {}
    for doc in docs:
        councils.setdefault(doc["council"] or "Council not named", []).append(doc)
    periods = sorted({p for (p,) in db.execute(
        "SELECT period FROM documents WHERE period IS NOT NULL "
        "UNION SELECT period FROM measurements WHERE period IS NOT NULL")})
    failed = db.execute("SELECT count(*) FROM ingest_log WHERE status = 'failed'").fetchone()[0]
    counts = {m.table: db[m.table].count for m in database.MODELS if db[m.table].exists()}
    return {"docs": docs, "councils": councils, "periods": periods, "failed": failed, "counts": counts}


def query_examples(db: sqlite_utils.Database, query: CannedQuery) -> list[dict]:
    """The query's examples in this database: a label and the query's URL with their parameters."""
    if not query.examples_sql:
        return []
    examples = []
    for row in db.query(query.examples_sql):
        values = {p: row.get(p) or "" for p in query.params}
        examples.append({"label": row["label"], "url": f"/{DATABASE}/{query.name}?{urlencode(values)}"})
    return examples


_HOME = jinja2.Environment(loader=jinja2.FileSystemLoader(WEB / "home"), autoescape=True,
                           undefined=jinja2.StrictUndefined)


def home_html(db: sqlite_utils.Database, built_at: datetime) -> str:
    """The home page text: what, from where, how fresh, which services can be compared, downloads."""
    s = _summary(db)
    years = (f"{s['periods'][0]} to {s['periods'][-1]}" if len(s["periods"]) > 1
             else (s["periods"][0] if s["periods"] else "no year stated"))
    return _HOME.get_template("home.html").render(
        database=DATABASE, years=years, built_at=built_at, queries=QUERIES, dashboards=DASHBOARDS,
        two_plans=query_examples(db, PLAN_CHANGES), downloads=lambda t: Markup(download_links(t)), **s,
    ).strip()


STATIC_HOME = f"""
<p>Tables printed in UK council plans (activity budgets, performance indicators with their targets
and actuals, risks, actions and projects, consultation schedules), read into one database so that
they can be searched, compared across years and councils, and downloaded. Every row names the
document, the page or line it was printed on, and the text as printed.</p>
<p>Which councils, documents and years the database holds, and when it was built, are on the home
page that <code>plans build</code> writes beside the database; the documents themselves are listed in
<a href="/{DATABASE}/documents">documents</a>.</p>
""".strip()


def build_metadata(db: sqlite_utils.Database | None, built_at: datetime | None,
                   settings: SiteSettings | None = None) -> dict:
    """The whole Datasette metadata: for a built database, or (db None) its static part."""
    settings = settings or SiteSettings()
    tables = {m.table: table_metadata(m) for m in database.MODELS}
    for name in database.SUMMARIES:
        tables[name] = {"description_html": f"<p>Written from the other tables by every build. "
                                            f"Download all rows: {download_links(name)}</p>",
                        "facets": [{"stored": column} for column in database.SUMMARY_FACETS[name]]}
    if "indicator_series" in tables:
        tables["indicator_series"]["description_html"] = (
            "<p>Each indicator's actual and target per year and document, side by side.</p>"
            + tables["indicator_series"]["description_html"])
    for hidden in [database.FACET_COUNTS, *database.QUERY_TABLES]:
        tables[hidden] = {"hidden": True}
    queries = {q.name: _query_metadata(q, db) for q in QUERIES}
    metadata: dict = {
        "title": settings.title,
        "description_html": home_html(db, built_at) if db is not None and built_at else STATIC_HOME,
        "source": settings.source,
        "license": settings.license,
        "license_url": settings.license_url,
        "about": settings.about,
        "databases": {DATABASE: {
            "description": "Tables extracted from UK council plans, one table per kind of printed table.",
            "tables": tables,
            "queries": queries,
        }},
        "plugins": {"datasette-dashboards": dashboards(db)},
    }
    if settings.about_url:
        metadata["about_url"] = settings.about_url
    return metadata


def dashboards(db: sqlite_utils.Database | None) -> dict:
    """The charts; for a built database the indicator chart opens on the indicator printed with most
    values (never on every indicator at once)."""
    charts = copy.deepcopy(DASHBOARDS)
    if db is not None:
        first = db.execute(f"""
            SELECT {INDICATOR_LABEL} FROM indicators i JOIN measurements m ON m.indicator_id = i.indicator_id
            WHERE m.value IS NOT NULL GROUP BY i.indicator_id ORDER BY count(*) DESC, 1 LIMIT 1""").fetchone()
        if first:
            charts["indicator"]["filters"]["indicator"]["default"] = first[0]
    return charts


def _query_metadata(query: CannedQuery, db: sqlite_utils.Database | None = None) -> dict:
    """A canned query's page text: what its rows are, what each parameter takes and, for a built
    database, examples to try (or that the data holds no case)."""
    esc = html.escape
    entry = query.metadata()
    parts = [f"<p>{esc(query.description)}</p>"]
    parameters = [*query.parameters, *filter(None, [query.page_parameter()])]
    if parameters:
        items = "".join(f"<dt>{esc(p.label)}{' (needed)' if p.required else ''}</dt><dd>{esc(p.help)}</dd>"
                        for p in parameters)
        parts.append(f'<dl class="query-parameters">{items}</dl>')
    if db is not None and query.examples_sql:
        examples = query_examples(db, query)
        if examples:
            links = "".join(f'<li><a href="{esc(e["url"])}">{esc(e["label"])}</a></li>' for e in examples)
            parts.append(f'<div class="query-examples"><p>{esc(query.examples_intro)}</p>'
                         f'<ul class="bullets">{links}</ul></div>')
        elif query.no_examples:
            parts.append(f'<p class="query-no-case">{esc(query.no_examples)}</p>')
    parts.append("<p>Download the rows shown: use the CSV and JSON links below the form"
                 + (" (with Page set to <code>all</code>, every row of the result).</p>" if query.page_size else
                    ".</p>"))
    entry["description_html"] = "".join(parts)
    del entry["description"]
    return entry


def write_metadata(db_path: Path, out_path: Path | None = None, built_at: datetime | None = None) -> Path:
    """Write `datasette-metadata.yml` beside the database (or to out_path)."""
    out_path = out_path or db_path.parent / METADATA_FILE
    if built_at is None:
        built_at = datetime.fromtimestamp(db_path.stat().st_mtime, tz=UTC)
    db = sqlite_utils.Database(db_path)
    try:
        metadata = build_metadata(db, built_at)
    finally:
        db.close()
    # written whole then renamed: a site restarting while a build writes it never reads half a file
    partial = out_path.with_name(f".{out_path.name}.{os.getpid()}.partial")
    partial.write_text(yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=110),
                       encoding="utf-8")
    os.replace(partial, out_path)
    return out_path


def static_metadata_text() -> str:
    """The committed top-level `datasette-metadata.yml`: everything that does not depend on a build."""
    return yaml.safe_dump(build_metadata(None, None), sort_keys=False, allow_unicode=True, width=110)


def publish_documents(db_path: Path, files: dict[str, Path]) -> Path:
    """Copy each loaded document (doc_id -> file) beside the database, for the site to serve."""
    folder = db_path.parent / DOCUMENTS_DIR
    if folder.exists():
        shutil.rmtree(folder)
    for doc_id, path in files.items():
        target = folder / doc_id / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return folder


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    return [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]


def longest_value(conn: sqlite3.Connection) -> int:
    """The longest string or blob stored in any column of any table, in bytes."""
    longest = 0
    for table in _user_tables(conn):
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")]
        if not columns:
            continue
        lengths = ", ".join(f"max(length(CAST([{c}] AS BLOB)))" for c in columns)
        row = conn.execute(f"SELECT {lengths} FROM [{table}]").fetchone()
        longest = max([longest, *(n for n in row if n)])
    return longest


def length_limit(conn: sqlite3.Connection) -> int:
    """SQLITE_LIMIT_LENGTH for the site's connections to this database."""
    return max(LENGTH_LIMIT_FLOOR, 2 * longest_value(conn))


def serve_settings(db_path: Path) -> dict[str, object]:
    """Datasette settings for serving this database: SETTINGS plus limits sized for its data."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        largest = max((conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
                       for t in _user_tables(conn)), default=0)
        limit = length_limit(conn)
    finally:
        conn.close()
    rows = max(ROWS_FLOOR, -(-largest * 11 // 10 // ROWS_FLOOR) * ROWS_FLOOR)  # 10% headroom, whole thousands
    rows = max(100, min(rows, PAGE_BUDGET_BYTES // limit))
    csv_mb = max(CSV_MB_FLOOR, math.ceil(2 * db_path.stat().st_size / 1_000_000))
    return {**SETTINGS, "max_returned_rows": rows, "max_csv_mb": csv_mb}


def datasette_options(metadata_path: Path, settings: dict[str, object] | None = None) -> list[str]:
    """Command-line options that make `datasette serve` publish the site as designed."""
    args = ["--metadata", str(metadata_path), "--template-dir", str(TEMPLATES), "--plugins-dir", str(PLUGINS)]
    for name, value in (settings or SETTINGS).items():
        text = ("on" if value else "off") if isinstance(value, bool) else str(value)
        args += ["--setting", name, text]
    return args

if __name__ == "__main__":  # regenerate the committed static metadata after changing the models
    Path(METADATA_FILE).write_text(static_metadata_text(), encoding="utf-8")
