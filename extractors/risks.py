"""Service risk registers: risk code and title, description, current score, traffic light."""

from __future__ import annotations

import re

from extractors.base import Context, Extractor, match_columns, provenance, row_id
from pipeline.layout import Table
from pipeline.normalise import clean_text
from pipeline.records import Record, RiskRecord
from pipeline.tables import join_rows

_CODE = re.compile(r"^(?P<code>[A-Z]{2,}\d+[a-z]?)\b\s*[-–:]?\s*(?P<title>.*)$", re.S)
_RATING = re.compile(r"^(red|amber|green|high|medium|low)$", re.I)


class RisksExtractor(Extractor):
    kind = "risks"

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_columns(table.header, self.columns)
        rows = join_rows(table.rows, lambda r: not r.cell(0))
        records: list[Record] = []
        for row in rows:
            title_cell = clean_text(row.cell(found["title"]))
            if not title_cell:
                continue
            description = clean_text(row.cell(found["description"]))
            rest = [clean_text(c) for i, c in enumerate(row.cells) if i > found["description"]]
            score = next((int(c) for c in rest if re.fullmatch(r"\d{1,2}", c)), None)
            rating = next((c.capitalize() for c in rest if _RATING.match(c)), None)
            code = _CODE.match(title_cell)
            actions = clean_text(row.cell(found["planned_actions"])) if "planned_actions" in found else ""
            records.append(
                RiskRecord(
                    **provenance(ctx, row),
                    risk_id=row_id(ctx, row, "risk"),
                    service=ctx.plan_service if ctx.unit is None else ctx.unit,
                    risk_code=code["code"] if code else None,
                    title=code["title"].strip() if code else title_cell,
                    description=description or None,
                    score=score,
                    rating=rating,
                    planned_actions=actions or None,
                )
            )
        return records
