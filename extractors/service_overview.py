"""A service area plan's overview (`Service Being Delivered | Priorities (with Justification) |
Service Demand`), into `service_overview`: one row per priority of each service delivered.

The service cell is printed once for its block of priorities (fill down). The demand column
holds a figure and, in the cell after it, what the figure counts (`14,000` / `No. of Helpdesk
calls per annum`). A priority starting in lower case is the rest of the one above; a line with
no words at all (`1 | -`, a page number) is debris.
"""

from __future__ import annotations

import re

from extractors.base import Context, Extractor, provenance, row_id
from extractors.projects import spans
from extractors.vocabulary import match_header
from pipeline.finding.tables import fold_values
from pipeline.normalise import clean_text, parse_money, whole
from pipeline.reading.layout import Row, Table
from pipeline.records import Record, ServiceOverviewRecord

_WORD = re.compile(r"[A-Za-z]{2,}")
_FIGURE = re.compile(r"^£?\s*\d[\d,]*(?:\.\d+)?$")


class ServiceOverviewExtractor(Extractor):
    kind = "service_overview"

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_header(table.header, self.vocabulary)
        columns = spans(table.header, found)
        records: list[tuple[Row, dict[str, str | None]]] = []
        team = ""
        for row in table.rows:
            if not any(_WORD.search(c) for c in row.cells):
                continue
            demand_cells = [clean_text(row.cell(i)) for i in columns["demand"]]
            figure, measure = demand_cells[0], " ".join(c for c in demand_cells[1:] if c)
            printed_team = clean_text(row.cell(found["team"]))
            priority = clean_text(" ".join(row.cell(i) for i in columns["priority"]))
            if printed_team:
                team = printed_team
            elif records and priority[:1].islower():
                top_row, top = records[-1]
                fold_values(top, {"priority": priority})
                records[-1] = (top_row.continued_by(row), top)
                continue
            if not team:
                continue
            records.append((row, {"team": team, "priority": priority or None, "figure": figure or None,
                                  "measure": measure or None}))
        result: list[Record] = []
        for row, values in records:
            figure = values["figure"]
            number = whole(parse_money(figure)) if figure and _FIGURE.match(figure) else None
            result.append(ServiceOverviewRecord(
                **provenance(ctx, row),
                overview_id=row_id(ctx, row, "overview"),
                service=ctx.service,
                team=values["team"],
                priority=values["priority"],
                demand=number,
                demand_unit="£" if number is not None and figure.startswith("£") else None,
                demand_raw=figure,
                demand_measure=values["measure"],
            ))
        return result
