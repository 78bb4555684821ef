"""Customer consultation and employee engagement schedules.

A blank group cell repeats the group above (fill down); a row whose group starts in lower case
is the rest of the row above, wrapped.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from extractors.base import Context, Extractor, match_columns, norm, provenance, row_id, unmapped
from pipeline.layout import Row, Table
from pipeline.normalise import clean_text
from pipeline.records import EngagementRecord, Record

# A wrapped line that repeats the cell above this closely is conversion debris, not content.
ECHO_SIMILARITY = 70


class EngagementExtractor(Extractor):
    kind = "engagement"

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_columns(table.header, self.columns)
        audience = "employee" if "employee" in norm(table.header[found["group"]]) else "customer"
        records: list[Record] = []
        current: dict[str, str] | None = None
        current_row: Row | None = None
        extra: dict[str, str] | None = None
        group = ""
        for row in table.rows:
            values = {col: clean_text(row.cell(i)) for col, i in found.items()}
            if not any(values.values()):
                continue
            first = values.get("group", "")
            if current is not None and first[:1].islower():
                for col, text in values.items():
                    if text and fuzz.ratio(text.lower(), current.get(col, "").lower()) < ECHO_SIMILARITY:
                        current[col] = f"{current.get(col, '')} {text}".strip()
                current_row.source_text += "\n" + row.source_text
                continue
            if current is not None:
                records.append(self._record(current, current_row, audience, ctx, extra))
                group = current.get("group", "")
            group = first or group
            current = {**values, "group": group}
            extra = unmapped(table.header, found.values(), row)
            current_row = Row(cells=row.cells, line=row.line, page=row.page, source_text=row.source_text)
        if current is not None:
            records.append(self._record(current, current_row, audience, ctx, extra))
        return records

    @staticmethod
    def _record(values: dict[str, str], row: Row, audience: str, ctx: Context,
                extra: dict[str, str] | None) -> EngagementRecord:
        service = ctx.plan_service if audience == "employee" or ctx.unit is None else ctx.unit
        return EngagementRecord(
            **provenance(ctx, row),
            engagement_id=row_id(ctx, row, "engagement"),
            service=service,
            audience=audience,
            group=values.get("group") or None,
            method=values.get("method") or None,
            frequency=values.get("frequency") or None,
            responsible_officer=values.get("responsible_officer") or None,
            feedback_method=values.get("feedback_method") or None,
            extra=extra,
        )
