"""Datasette plugin for the council-plans site: links to rows, evidence links, row provenance.

Loaded with `datasette --plugins-dir`; `pipeline.site.datasette_options` passes it.
"""

from __future__ import annotations

import json

from datasette import hookimpl
from datasette.utils import tilde_encode, urlsafe_components
from markupsafe import Markup, escape

PROVENANCE_COLUMNS = ("doc_id", "line", "page", "source_text")


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


@hookimpl
def render_cell(value, column, table, database, datasette):
    if not isinstance(value, str):
        return None
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


@hookimpl
def extra_template_vars(view_name, database, table, columns, request, datasette):
    if view_name != "row" or not table:
        return {}

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
            "SELECT doc_id, title, council, source_file, url FROM documents WHERE doc_id = ?", [row["doc_id"]]
        )).first()
        found = dict(row)
        found["document"] = dict(doc) if doc else None
        found["document_url"] = datasette.urls.row(database, "documents", tilde_encode(row["doc_id"]))
        return {"provenance": found}

    return provenance
