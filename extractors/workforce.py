"""Workforce planning (`Category | Sponsor | Activity | Budget Impact | Impact on other Service
Areas | Milestones`), into `workforce_plans`.

A blank category repeats the category above (fill down) when the row names its own sponsor; a
row with neither is the rest of the row above, its cells wrapped onto the next printed line.
"""

from __future__ import annotations

from extractors.base import Context, Extractor, provenance, row_id, unmapped
from extractors.vocabulary import match_header
from pipeline.finding.tables import fold_values
from pipeline.normalise import clean_text
from pipeline.reading.layout import Row, Table
from pipeline.records import Record, WorkforcePlanRecord


class WorkforceExtractor(Extractor):
    kind = "workforce_plans"

    def recognise(self, table: Table) -> float:
        found = match_header(table.header, self.vocabulary)
        if not all(c in found for c in self.required) or not {"sponsor", "milestones"} & found.keys():
            return 0.0
        return len(found) / len(self.columns)

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_header(table.header, self.vocabulary)
        plans: list[tuple[Row, dict[str, str]]] = []
        category = ""
        for row in table.rows:
            values = {col: clean_text(row.cell(i)) for col, i in found.items()}
            if not any(values.values()):
                continue
            if values["category"]:
                category = values["category"]
            elif plans and not values.get("sponsor"):
                top_row, top = plans[-1]
                fold_values(top, values)
                plans[-1] = (top_row.continued_by(row), top)
                continue
            values["category"] = category
            plans.append((row, values))
        return [
            WorkforcePlanRecord(
                **provenance(ctx, row),
                workforce_plan_id=row_id(ctx, row, "workforce"),
                category=values.get("category") or None,
                sponsor=values.get("sponsor") or None,
                activity=values.get("activity") or None,
                budget_impact=values.get("budget_impact") or None,
                impact_on_other_services=values.get("impact_on_other_services") or None,
                milestones=values.get("milestones") or None,
                extra=unmapped(table.header, found.values(), row),
            )
            for row, values in plans
        ]
