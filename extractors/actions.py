"""Action plans: action, description, planned outcome, owner, start, end, status, update."""

from __future__ import annotations

from extractors.base import Context, Extractor, provenance, row_id, skipped, unmapped
from extractors.vocabulary import match_header
from pipeline.finding.tables import join_rows
from pipeline.normalise import clean_text, parse_month, parse_status
from pipeline.reading.layout import Table
from pipeline.records import ActionRecord, Record


class ActionsExtractor(Extractor):
    kind = "actions"

    def recognise(self, table: Table) -> float:
        found = match_header(table.header, self.vocabulary)
        if "title" not in found or len({"owner", "start", "end", "status"} & found.keys()) < 2:
            return 0.0
        return len(found) / len(self.columns)

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_header(table.header, self.vocabulary)
        rows = join_rows(table.rows, lambda r: not r.cell(0))
        records: list[Record] = []
        for row in rows:
            values = {col: clean_text(row.cell(i)) for col, i in found.items()}
            if not values.get("title"):
                if any(values.values()):
                    records.append(skipped(ctx, row, self.kind, "no action named in its first column"))
                continue
            records.append(
                ActionRecord(
                    **provenance(ctx, row),
                    action_id=row_id(ctx, row, "action"),
                    service=ctx.service,
                    kind="action",
                    title=values["title"],
                    description=values.get("description") or None,
                    planned_outcome=values.get("planned_outcome") or None,
                    owner=values.get("owner") or None,
                    start=parse_month(values.get("start")),
                    end=parse_month(values.get("end")),
                    start_raw=values.get("start") or None,
                    end_raw=values.get("end") or None,
                    status=parse_status(values.get("status")),
                    update=values.get("update") or None,
                    extra=unmapped(table.header, found.values(), row),
                )
            )
        return records
