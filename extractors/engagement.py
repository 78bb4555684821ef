"""Customer consultation and employee engagement schedules.

A blank group cell repeats the group above (fill down); a row whose group starts in lower case
is the rest of the row above, wrapped.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from extractors.base import Context, Extractor, norm, provenance, row_id, unmapped
from extractors.vocabulary import match_header
from pipeline.finding.tables import fold_values
from pipeline.normalise import clean_text
from pipeline.reading.layout import Row, Table
from pipeline.records import EngagementRecord, Record

# A wrapped line that repeats the cell above this closely is conversion debris, not content.
ECHO_SIMILARITY = 70


def _not_an_echo(_field: str, above: str, text: str) -> bool:
    return fuzz.ratio(text.lower(), above.lower()) < ECHO_SIMILARITY


class EngagementExtractor(Extractor):
    kind = "engagement"

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_header(table.header, self.vocabulary)
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
                fold_values(current, values, _not_an_echo)
                current_row = current_row.continued_by(row)
                continue
            if current is not None:
                records.append(self._record(current, current_row, audience, ctx, extra))
                group = current.get("group", "")
            group = first or group
            current = {**values, "group": group}
            extra = unmapped(table.header, found.values(), row)
            current_row = row
        if current is not None:
            records.append(self._record(current, current_row, audience, ctx, extra))
        return records

    @staticmethod
    def _record(values: dict[str, str], row: Row, audience: str, ctx: Context,
                extra: dict[str, str] | None) -> EngagementRecord:
        service = ctx.plan_service if audience == "employee" else ctx.service  # staff surveys are the plan's
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
