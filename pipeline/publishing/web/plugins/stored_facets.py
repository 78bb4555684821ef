"""Datasette plugin: facets whose counts over a whole table are read from `facet_counts`.

A table's page shows its facets before anyone filters it; counting them there means reading the
whole of each faceted column's index on every visit. The build counts them once (`facet_counts`),
and this facet (`{"stored": column}` in the metadata) reads them back. Once the page is filtered
the facet is counted live, as Datasette's own column facet does, through the index the filter uses.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args

from pipeline.publishing.database import FACET_COUNTS


class StoredFacet(ColumnFacet):
    type = "stored"

    def _whole_table(self) -> bool:
        return bool(self.table) and not self.params and " where " not in self.sql.lower()

    async def facet_results(self):
        db = self.ds.get_database(self.database)
        if not self._whole_table() or not await db.table_exists(FACET_COUNTS):
            return await super().facet_results()
        size = self.get_facet_size()
        qs_pairs = self.get_querystring_pairs()
        results = []
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            rows = (await db.execute(
                f"SELECT value, count FROM {FACET_COUNTS} WHERE table_name = ? AND column_name = ? "
                "ORDER BY count DESC, value LIMIT ?", [self.table, column, size + 1])).rows
            expanded = await self.ds.expand_foreign_keys(self.database, self.table, column,
                                                         [row["value"] for row in rows[:size]])
            values = []
            for row in rows[:size]:
                selected = (column, str(row["value"])) in qs_pairs
                toggle = (path_with_removed_args(self.request, {column: str(row["value"])}) if selected
                          else path_with_added_args(self.request, {column: row["value"]}))
                # joined as a plain str: Datasette's prefixed URL string looks every str method up
                # again on each use, and joining one takes about 20 of them (3 ms a page of facets)
                url = self.ds.absolute_url(self.request, str(self.ds.urls.path(toggle)))
                values.append({"value": row["value"], "label": expanded.get((column, row["value"]), row["value"]),
                               "count": row["count"], "selected": selected, "toggle_url": url})
            results.append({"name": column, "type": self.type, "hideable": source_and_config["source"] != "metadata",
                            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
                            "results": values, "truncated": len(rows) > size})
        return results, []


@hookimpl
def register_facet_classes():
    return [StoredFacet]
