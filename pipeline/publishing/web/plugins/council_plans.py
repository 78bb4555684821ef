"""Datasette plugin for the council-plans site: links to rows, evidence links, row provenance,
money in pounds, the published documents themselves, which indicator a chart draws, and the limits
and headers that keep one request from costing the server more than the data warrants.

Loaded with `datasette --plugins-dir`; `pipeline.publishing.site.datasette_options` passes it.
"""

from __future__ import annotations

import asyncio
import gc
import json
import mimetypes
import sqlite3
from pathlib import Path
from urllib.parse import quote, urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode, to_css_class, urlsafe_components
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from pipeline.publishing.queries import QUERIES
from pipeline.publishing.response_cache import Recorder, ResponseCache, send_answer
from pipeline.publishing.site import DOCUMENTS_DIR, MONEY_COLUMNS, MONEY_QUERY_COLUMNS, length_limit, link_url

PROVENANCE_COLUMNS = ("doc_id", "line", "page", "source_text", "table_title")
QUERY_BY_NAME = {q.name: q for q in QUERIES}

# Sent with every response. Scripts and styles inline and `eval` are what Datasette's pages and
# the Vega charts need; nothing is loaded from another origin, and no other site may frame ours.
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
     b"img-src 'self' data: blob:; connect-src 'self'; object-src 'self'; frame-ancestors 'self'; "
     b"base-uri 'self'; form-action 'self'"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
# Datasette's debugging pages: they show the database's path on this machine, its threads and
# its signed-message tools, nothing a reader of the plans needs.
CLOSED_PATHS = ("/-/databases", "/-/threads", "/-/messages", "/-/allow-debug", "/-/permissions",
                "/-/actor", "/-/patterns")
# The site is read-only: any other method is refused before Datasette sees it.
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def format_pounds(value: float) -> str:
    """`£364,258`, `−£117,005`, `£12.50`: whole pounds unless the plan printed pence."""
    digits = f"{abs(value):,.0f}" if float(value).is_integer() else f"{abs(value):,.2f}"
    return ("−£" if value < 0 else "£") + digits


def document_file_url(doc_id: str, source_file: str) -> str:
    return f"/-/documents/{quote(doc_id)}/{quote(source_file)}"


def document_place_url(document: dict, page: int | None, line: int | None) -> str:
    """The published file opened where the row was printed: a PDF at its page, a text at its line."""
    if document.get("format") == "pdf":
        return document_file_url(document["doc_id"], document["source_file"]) + (f"#page={page}" if page else "")
    return f"/-/documents/{quote(document['doc_id'])}/lines" + (f"#L{line}" if line else "")


def table_rows_html(rows: list[list[dict]]) -> Markup:
    """A table page's rows as Datasette's `_table.html` writes them, cell by cell (`col-` and `type-`
    classes, the display value escaped unless it is markup), in one pass: its template spent about
    10 µs a cell in Jinja's asynchronous rendering, a third of a wide table's page."""
    out = []
    for row in rows:
        out.append("<tr>\n")
        for cell in row:
            out.append(f'<td class="col-{escape(to_css_class(cell["column"]))} type-{escape(cell["value_type"])}">'
                       f'{escape(cell["value"])}</td>\n')
        out.append("</tr>\n")
    return Markup("".join(out))


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["table_rows_html"] = table_rows_html


@hookimpl
def startup(datasette):
    async def start():
        datasette.inspect_data = await inspect_data(datasette)
        # What the site holds from its start (modules, templates, metadata: about 90,000 objects)
        # is kept out of the garbage collector's full passes, which otherwise walk all of it every
        # few dozen requests (100-150 ms each, the slowest requests' whole excess). Objects made
        # later are collected as before.
        gc.collect()
        gc.freeze()

    return start


async def inspect_data(datasette) -> dict | None:
    """What `datasette inspect` writes (its `--inspect-file`), for each database served immutable:
    with it a table's page takes its whole row count from here, where it would count the table on
    every visit (a few milliseconds per million rows). Each database's hash, which Datasette would
    otherwise work out on the first visit to a page that shows it, is taken now, before serving."""
    data = dict(datasette.inspect_data or {})
    loop = asyncio.get_running_loop()
    for name, db in datasette.databases.items():
        if db.is_mutable or db.is_memory or name in data:
            continue
        counts = await db.table_counts(limit=3_600_000)  # milliseconds each may take: all of them
        digest = await loop.run_in_executor(None, lambda db=db: db.hash)
        data[name] = {"hash": digest, "size": db.size, "file": db.path,
                      "tables": {table: {"count": count} for table, count in counts.items()}}
    return data or None


_LENGTH_LIMITS: dict[str, int] = {}


@hookimpl
def prepare_connection(conn, database, datasette):
    """Bound the length of any one value a query makes, sized from what the database holds."""
    if database not in _LENGTH_LIMITS:
        _LENGTH_LIMITS[database] = length_limit(conn)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, _LENGTH_LIMITS[database])


async def _send_plain(send, status: int, text: str, *headers: tuple[bytes, bytes]) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), *headers, *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": text.encode()})


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            path = scope.get("path", "")
            if scope.get("method", "GET") not in READ_METHODS:
                return await _send_plain(send, 405, "This site is read-only: only GET requests are answered.",
                                         (b"allow", b"GET, HEAD, OPTIONS"))
            if any(path == p or path.startswith((p + ".", p + "/")) for p in CLOSED_PATHS):
                return await _send_plain(send, 404, "Not found")

            key = cache.key(scope)
            if key is not None and (answer := cache.get(key)) is not None:
                return await send_answer(send, answer)
            recorder = Recorder(send, cache.max_entry) if key is not None else None

            async def with_headers(message):
                if message["type"] == "http.response.start":
                    names = {name.lower() for name, _ in message.get("headers", [])}
                    extra = [h for h in SECURITY_HEADERS if h[0] not in names]
                    message = {**message, "headers": [*message.get("headers", []), *extra]}
                await (recorder or send)(message)

            await app(scope, receive, with_headers)
            if recorder is not None and (answer := recorder.answer()) is not None:
                cache.put(key, answer)
        return guarded

    cache = ResponseCache()  # one per served site: its database is immutable while it runs
    return wrap


def _documents_dir(datasette) -> Path:
    db = datasette.get_database()
    return Path(db.path).parent / DOCUMENTS_DIR


def _published_file(datasette, doc_id: str) -> Path:
    folder = _documents_dir(datasette) / doc_id
    files = sorted(folder.iterdir()) if folder.is_dir() and "/" not in doc_id and ".." not in doc_id else []
    if not files:
        raise NotFound(f"No published file for document {doc_id}")
    return files[0]


async def serve_document(request, datasette):
    path = _published_file(datasette, request.url_vars["doc_id"])
    if path.name != request.url_vars["name"]:
        raise NotFound("No such file")
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    return Response(path.read_bytes(), content_type=content_type,
                    headers={"content-disposition": f'inline; filename="{path.name}"'})


async def document_lines(request, datasette):
    """A text document line by line, each line an anchor (`#L231`), the cited line highlighted."""
    doc_id = request.url_vars["doc_id"]
    path = _published_file(datasette, doc_id)
    text = path.read_bytes().decode("utf-8", errors="replace")
    lines = Markup("").join(
        Markup('<span class="doc-line" id="L{0}"><a href="#L{0}">{0}</a>{1}\n</span>').format(n, line)
        for n, line in enumerate(text.splitlines(), start=1))
    body = await datasette.render_template("document_lines.html", {
        "doc_id": doc_id, "name": path.name, "lines": lines,
        "file_url": document_file_url(doc_id, path.name)}, request=request)
    return Response.html(body)


# The indicator picker wide enough to show a code and most of a name.
SITE_CSS = """
.dashboard-filters input#indicator { width: min(60em, 85vw); font-size: 1rem; padding: 0.2em; }
.dashboard-filters-boxes > fieldset { max-width: 95vw; }
"""


async def site_css(request, datasette):
    return Response(SITE_CSS, content_type="text/css; charset=utf-8")


@hookimpl
def extra_css_urls(template):
    return ["/-/plans-site.css"] if template == "dashboard_view.html" else []


@hookimpl
def register_routes():
    return [
        (r"^/-/plans-site\.css$", site_css),
        (r"^/-/documents/(?P<doc_id>[^/]+)/lines$", document_lines),
        (r"^/-/documents/(?P<doc_id>[^/]+)/(?P<name>[^/]+)$", serve_document),
    ]


def _row_link(datasette, database: str, table: str, row_id: str, text: str | None = None) -> Markup:
    url = datasette.urls.row(database, table, tilde_encode(str(row_id)))
    return Markup('<a href="{}">{}</a>').format(url, text or f"{table}/{row_id}")


def _evidence_item(datasette, database: str, item) -> Markup:
    """One evidence entry as a link to its row.

    Accepts {"table": ..., "id": ...} (or the table's own `*_id` key), [table, id] or "table/id".
    """
    table = row_id = None
    if isinstance(item, dict):
        table = item.get("table")
        row_id = item.get("id") or next(
            (v for k, v in item.items() if k.endswith("_id") and k != "doc_id"), None)
        where = " ".join(f"{k} {item[k]}" for k in ("page", "line") if item.get(k) is not None)
    elif isinstance(item, list | tuple) and len(item) >= 2:
        table, row_id, where = item[0], item[1], ""
    elif isinstance(item, str) and "/" in item:
        table, row_id = item.split("/", 1)
        where = ""
    if not table or row_id is None:
        return escape(json.dumps(item, ensure_ascii=False))
    link = _row_link(datasette, database, str(table), str(row_id))
    return link + (Markup(" ({})").format(where) if where else "")


_FOREIGN_KEYS: dict[tuple[str, str], dict[str, str]] = {}


async def _foreign_keys(datasette, database: str, table: str) -> dict[str, str]:
    key = (database, table)
    if key not in _FOREIGN_KEYS:
        fks = await datasette.get_database(database).foreign_keys_for_table(table)
        _FOREIGN_KEYS[key] = {fk["column"]: fk["other_table"] for fk in fks}
    return _FOREIGN_KEYS[key]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if isinstance(value, int | float) and not isinstance(value, bool):
        money = (column in MONEY_COLUMNS.get(table, ())) if table else column in MONEY_QUERY_COLUMNS
        return Markup('<span class="money">{}</span>').format(format_pounds(value)) if money else None
    if not isinstance(value, str):
        return None
    if table and column.endswith("_id") and value:
        async def linked():
            other = (await _foreign_keys(datasette, database, table)).get(column)
            if other is None:
                return None
            return _row_link(datasette, database, other, value, value)
        return linked
    if column == "link" and "/" in value:
        other, row_id = value.split("/", 1)
        return _row_link(datasette, database, other, row_id, "row")
    if column == "evidence" and value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            return None
        if not items:
            return Markup("")
        entries = (Markup("<li>{}</li>").format(_evidence_item(datasette, database, i)) for i in items)
        return Markup('<ul class="evidence">{}</ul>').format(Markup("").join(entries))
    return None


async def _chart_picks(datasette, database: str, query_name: str, request) -> dict:
    """Which items a canned query's parameters pick for its one-item chart."""
    query = QUERY_BY_NAME.get(query_name)
    if query is None or not query.chart_pick_sql:
        return {}
    params = {p: request.args.get(p, "") for p in query.params}
    if not any(params.values()):
        return {"chart_picks": None}
    rows = (await datasette.get_database(database).execute(query.chart_pick_sql, params)).rows
    dashboard, _ = query.chart.split("/", 1)
    picks = [{"label": label, "chart_url": f"/-/dashboards/{dashboard}?" + urlencode({"indicator": label}),
              "embed_query": urlencode({"indicator": label})} for _value, label in rows]
    return {"chart_picks": picks}


async def _indicator_links(datasette, database: str, request) -> dict:
    values = urlsafe_components(request.url_vars["pks"])
    row = (await datasette.get_database(database).execute(
        "SELECT indicator_id, council, coalesce(code || ' · ', '') || name || coalesce(' (' || council || ')', '') "
        "AS label FROM indicators WHERE indicator_id = ?", [values[0]])).first()
    if row is None:
        return {}
    series = datasette.urls.database(database) + "/indicator_over_time?" + urlencode(
        {"indicator": row["indicator_id"], "council": row["council"] or ""})
    chart = "/-/dashboards/indicator?" + urlencode({"indicator": row["label"]})
    return {"indicator_links": {"series": series, "chart": chart}}


@hookimpl
def extra_template_vars(view_name, database, table, columns, request, datasette):
    if view_name in ("table", "database") and request is not None and database:  # a canned query page
        name = request.path.rstrip("/").rsplit("/", 1)[-1]
        if name in QUERY_BY_NAME:
            return _chart_picks(datasette, database, name, request)
    if view_name != "row" or not table:
        return {}
    if table == "indicators":
        return _indicator_links(datasette, database, request)

    async def provenance():
        db = datasette.get_database(database)
        have = set(await db.table_columns(table))
        if not {"doc_id", "source_text"} <= have:
            return {}
        pks = await db.primary_keys(table)
        values = urlsafe_components(request.url_vars["pks"])
        if len(pks) != 1 or len(values) != 1:
            return {}
        wanted = ", ".join(f'"{c}"' for c in PROVENANCE_COLUMNS if c in have)
        row = (await db.execute(f'SELECT {wanted} FROM "{table}" WHERE "{pks[0]}" = ?', [values[0]])).first()
        if row is None:
            return {}
        doc = (await db.execute(
            "SELECT doc_id, title, council, source_file, format, url FROM documents WHERE doc_id = ?",
            [row["doc_id"]])).first()
        found = dict(row)
        found["document"] = dict(doc) if doc else None
        if doc:  # the publisher's address becomes a link only when it is a web address
            found["document"]["url"] = link_url(doc["url"])
        found["document_url"] = datasette.urls.row(database, "documents", tilde_encode(row["doc_id"]))
        found["table"] = table
        same_table = {"doc_id": row["doc_id"]}
        if found.get("table_title"):
            same_table["table_title"] = found["table_title"]
        found["table_url"] = datasette.urls.table(database, table) + "?" + urlencode(same_table)
        if doc and (_documents_dir(datasette) / doc["doc_id"]).is_dir():
            found["file_url"] = document_place_url(dict(doc), found.get("page"), found.get("line"))
        return {"provenance": found}

    return provenance
