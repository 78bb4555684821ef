"""The published site: Datasette metadata generated from the record models and the built database.

Table and column descriptions come from the pydantic models in `records.py`, so the site cannot
describe a column differently from the code that fills it. The home page's dynamic parts (which
councils, documents and years; when it was built) come from the database, so the metadata is
generated at build time into `out/datasette-metadata.yml` beside `out/plans.db`, never committed.
"""

from __future__ import annotations

import csv
import html
import json
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
import yaml
from pydantic import BaseModel

from pipeline import database
from pipeline import records as r
from pipeline.site_queries import DASHBOARDS, QUERIES, CannedQuery

DATABASE = "plans"
METADATA_FILE = "datasette-metadata.yml"
WEB = Path(__file__).parent / "web"
TEMPLATES = WEB / "templates"
PLUGINS = WEB / "plugins"

# Datasette settings: whole result sets downloadable as CSV (streamed) and JSON (`_size=max`).
SETTINGS: dict[str, object] = {
    "allow_csv_stream": True,
    "max_returned_rows": 100_000,
    "default_page_size": 100,
}


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

# Columns people slice by; each table gets the ones it has.
FACETS = ["council", "doc_id", "service", "period", "source", "status", "measure", "check", "severity",
          "doc_type", "kind", "audience", "unit", "match_method", "rating", "role"]
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
    facets = [c for c in FACETS if c in fields and c != model.pk]
    if facets:
        entry["facets"] = facets
    if model.table in SORT_BY_PERIOD and "period" in fields:
        entry["sort"] = "period"
    if model.table in LABELS:
        entry["label_column"] = LABELS[model.table]
    return entry


def _summary(db: sqlite_utils.Database) -> dict:
    docs = list(db.query("SELECT doc_id, council, service, title, doc_type, period FROM documents "
                         "ORDER BY council, period, title"))
    councils: dict[str, list[dict]] = {}
    for doc in docs:
        councils.setdefault(doc["council"] or "Council not named", []).append(doc)
    periods = sorted({p for (p,) in db.execute(
        "SELECT period FROM documents WHERE period IS NOT NULL "
        "UNION SELECT period FROM measurements WHERE period IS NOT NULL")})
    failed = db.execute("SELECT count(*) FROM ingest_log WHERE status = 'failed'").fetchone()[0]
    counts = {m.table: db[m.table].count for m in database.MODELS if db[m.table].exists()}
    return {"docs": docs, "councils": councils, "periods": periods, "failed": failed, "counts": counts}


def home_html(db: sqlite_utils.Database, built_at: datetime) -> str:
    """The home page text: what, from where, how fresh, how to download."""
    s = _summary(db)
    esc = html.escape
    years = (f"{s['periods'][0]} to {s['periods'][-1]}" if len(s["periods"]) > 1
             else (s["periods"][0] if s["periods"] else "no year stated"))
    council_items = "".join(
        f"<li><strong>{esc(council)}</strong>: "
        + "; ".join(f'<a href="/{DATABASE}/documents/{esc(d["doc_id"])}">{esc(d["title"] or d["doc_id"])}</a>'
                    for d in docs)
        + "</li>"
        for council, docs in s["councils"].items())
    failed = (f' {s["failed"]} file(s) could not be read: see '
              f'<a href="/{DATABASE}/ingest_log">ingest_log</a>.' if s["failed"] else "")
    queries = "".join(f'<li><a href="/{DATABASE}/{q.name}">{esc(q.title)}</a></li>' for q in QUERIES)
    charts = "".join(f'<li><a href="/-/dashboards/{slug}">Chart: {esc(d["title"])}</a></li>'
                     for slug, d in DASHBOARDS.items())
    downloads = "".join(
        f'<li><a href="/{DATABASE}/{table}">{table}</a> ({count:,} rows): {download_links(table)}</li>'
        for table, count in s["counts"].items() if count)
    return f"""
<p>Tables printed in UK council plans (activity budgets, performance indicators with their targets
and actuals, risks, actions and projects, consultation schedules), read into one database so that
they can be searched, compared across years and councils, and downloaded.</p>
<h2>What it holds</h2>
<p><strong>{len(s["docs"])} plan document(s)</strong> from <strong>{len(s["councils"])} council(s)</strong>,
covering the years <strong>{esc(years)}</strong>:</p>
<ul class="bullets">{council_items}</ul>
<h2>Where it came from</h2>
<p>Every row was read from the plan documents as the councils published them. Each row's page names
the document, the page or line it was printed on, and the text as printed, so that any number can be
checked against the original.</p>
<h2>How fresh</h2>
<p>Built on <strong>{built_at:%d %B %Y at %H:%M} UTC</strong> from the documents listed above.{failed}</p>
<h2>Search</h2>
<form action="/{DATABASE}/search" method="get" class="plans-search">
<p><input type="search" id="plans-search-q" name="q"
 aria-label="Search actions, risks, activities and indicators"
 placeholder="Search actions, risks, activities and indicators, e.g. digital" style="width: 60%">
<input type="submit" value="Search"></p>
</form>
<h2>Questions and charts</h2>
<ul class="bullets">{queries}{charts}</ul>
<h2>How to download</h2>
<p>The whole database as one SQLite file: <a href="/{DATABASE}.db">{DATABASE}.db</a>. Every table and
every query page has CSV and JSON links that give all rows (CSV is streamed, so it is never cut at a
page). Each table:</p>
<ul class="bullets">{downloads}</ul>
""".strip()


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
    for view in database.VIEWS:
        tables[view] = {"description_html": f"<p>A view. Download all rows: {download_links(view)}</p>"}
    if "indicator_series" in tables:
        tables["indicator_series"]["facets"] = ["council", "period", "service"]
        tables["indicator_series"]["description_html"] = (
            "<p>Each indicator's actual and target per year and document, side by side.</p>"
            + tables["indicator_series"]["description_html"])
    queries = {q.name: _query_metadata(q) for q in QUERIES}
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
        "plugins": {"datasette-dashboards": DASHBOARDS},
    }
    if settings.about_url:
        metadata["about_url"] = settings.about_url
    return metadata


def _query_metadata(query: CannedQuery) -> dict:
    entry = query.metadata()
    entry["description_html"] = (f"<p>{html.escape(query.description)}</p>"
                                 "<p>Download every row of the current result: use the CSV and JSON links "
                                 "below the form.</p>")
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
    out_path.write_text(yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=110),
                        encoding="utf-8")
    return out_path


def static_metadata_text() -> str:
    """The committed top-level `datasette-metadata.yml`: everything that does not depend on a build."""
    return yaml.safe_dump(build_metadata(None, None), sort_keys=False, allow_unicode=True, width=110)


def export_queries(db_path: Path, out_dir: Path) -> list[Path]:
    """Every exportable canned query, run with empty parameters, as CSV and JSON beside the tables."""
    db = sqlite_utils.Database(db_path)
    written = []
    try:
        for query in QUERIES:
            if not query.export:
                continue
            cursor = db.execute(query.sql, {p: "" for p in query.params})
            columns = [c[0] for c in cursor.description]
            rows = cursor.fetchall()
            for fmt in ("csv", "json"):
                folder = out_dir / fmt
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"{query.name}.{fmt}"
                with open(path, "w", newline="", encoding="utf-8") as handle:
                    if fmt == "csv":
                        writer = csv.writer(handle)
                        writer.writerow(columns)
                        writer.writerows(rows)
                    else:
                        json.dump([dict(zip(columns, row, strict=True)) for row in rows], handle,
                                  ensure_ascii=False, indent=2)
                written.append(path)
    finally:
        db.close()
    return written


def datasette_options(metadata_path: Path) -> list[str]:
    """Command-line options that make `datasette serve` publish the site as designed."""
    args = ["--metadata", str(metadata_path), "--template-dir", str(TEMPLATES), "--plugins-dir", str(PLUGINS)]
    for name, value in SETTINGS.items():
        args += ["--setting", name, "on" if value is True else str(value)]
    return args


if __name__ == "__main__":  # regenerate the committed static metadata after changing the models
    Path(METADATA_FILE).write_text(static_metadata_text(), encoding="utf-8")
