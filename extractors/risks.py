"""Risk registers: each column placed by what its header means (cause, event, consequence,
likelihood, impact, score, rating, owner, controls, target score, exposure, a directorate or
category), the columns no field takes kept in `extra`.
"""

from __future__ import annotations

import re

from extractors.base import Context, Extractor, provenance, row_id, skipped, unmapped
from extractors.vocabulary import match_header, merge_unit_rows, unit_scale
from pipeline.finding.tables import join_rows
from pipeline.normalise import clean_text, parse_money, pounds
from pipeline.reading.layout import Table
from pipeline.records import Record, RiskRecord

_CODE = re.compile(r"^(?P<code>[A-Z]{2,}\d+[a-z]?)\b\s*[-–:]?\s*(?P<title>.*)$", re.S)
_COUNT = re.compile(r"\d{1,2}")
_TEXT_FIELDS = ("description", "risk_group", "cause", "consequence", "owner", "controls", "planned_actions")
_COUNT_FIELDS = ("likelihood", "impact", "score", "target_score")


def _count(cell: str) -> int | None:
    return int(cell) if _COUNT.fullmatch(cell) else None


class RisksExtractor(Extractor):
    kind = "risks"

    def recognise(self, table: Table) -> float:
        found = match_header(merge_unit_rows(table.header, table.rows)[0], self.vocabulary)
        return super().recognise(table) if {"title", "risk_code"} & found.keys() else 0.0

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        header, body = merge_unit_rows(table.header, table.rows)
        found = match_header(header, self.vocabulary)
        title_at = found.get("title", found["description"])  # a register of codes and descriptions
        # a row with no title and no group continues the risk above (a cell wrapped over a page)
        keys = [found[k] for k in ("title", "risk_code", "risk_group") if k in found]
        rows = join_rows(body, lambda r: not any(r.cell(i) for i in keys))
        taken = set(found.values())
        records: list[Record] = []
        for row in rows:
            title_cell = clean_text(row.cell(title_at))
            filled = [c for c in row.cells if c.strip()]
            if not title_cell or len(filled) <= 1:  # a group heading (`Significant Risks`) or a subtotal
                if filled:
                    reason = "a heading or subtotal: one cell printed" if len(filled) <= 1 else "no risk title"
                    records.append(skipped(ctx, row, self.kind, reason))
                continue
            values = {name: clean_text(row.cell(i)) for name, i in found.items()}
            description_at = found["description"]
            rest = [clean_text(c) for i, c in enumerate(row.cells) if i > description_at and i not in taken]
            counts = {name: _count(values.get(name, "")) for name in _COUNT_FIELDS}
            if "score" not in found:
                counts["score"] = next((_count(c) for c in rest if _count(c) is not None), None)
            if counts["score"] is None and counts["likelihood"] and counts["impact"] and "score" not in found:
                counts["score"] = counts["likelihood"] * counts["impact"]
            ratings = self.vocabulary.ratings
            rating = self.vocabulary.word(ratings, values.get("rating", "")) or next(
                (r for r in (self.vocabulary.word(ratings, c) for c in rest) if r), None)
            exposure = None
            if "exposure" in found:
                money = parse_money(values["exposure"])
                exposure = pounds(money * unit_scale(header[found["exposure"]] + " " + table.caption)) \
                    if money is not None else None
            extra = unmapped(header, taken, row)
            code = _CODE.match(title_cell)
            if code and not code["title"].strip():
                code = None  # a title that looks like a code (`IFRS9`) is still the risk's title
            printed_code = clean_text(row.cell(found["risk_code"])) if "risk_code" in found else ""
            records.append(
                RiskRecord(
                    **provenance(ctx, row),
                    risk_id=row_id(ctx, row, "risk"),
                    service=ctx.service,
                    risk_code=printed_code or (code["code"] if code else None),
                    title=code["title"].strip() if code else title_cell,
                    rating=rating.capitalize() if rating else None,
                    exposure=exposure,
                    extra=extra or None,
                    **{name: values.get(name) or None for name in _TEXT_FIELDS},
                    **counts,
                )
            )
        return records


