"""Risks with the actions planned against them (`Risk | Planned Actions during year | Comments`),
a service area plan's risk section, into `risks`.

Each risk is named in the first column and its planned actions run down the second over many
lines. A line with an empty first cell, or with debris there (`D : 1`), carries on the risk
above. A risk name can itself break over two lines (`Contract` / `Management`): a one-word name
printed straight under a one-word name that began the line above is the rest of that name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.base import Context, Extractor, provenance, row_id, unmapped
from extractors.vocabulary import match_header
from pipeline.normalise import clean_text
from pipeline.reading.layout import Row, Table
from pipeline.records import Record, RiskRecord

_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass
class _Risk:
    row: Row
    name: str
    actions: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    name_lines: int = 1
    extra: dict[str, str] | None = None


class RiskActionsExtractor(Extractor):
    kind = "risk_actions"

    def recognise(self, table: Table) -> float:
        found = match_header(table.header, self.vocabulary)
        # a register with descriptions and scores is the risks kind's
        if not all(c in found for c in self.required) or {"description", "score"} & found.keys():
            return 0.0
        return 0.5 + 0.25 * ("comments" in found)

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_header(table.header, self.vocabulary)
        risks: list[_Risk] = []
        previous_started = False  # did the line above begin a risk?
        for row in table.rows:
            name = clean_text(row.cell(found["title"]))
            action = clean_text(row.cell(found["planned_actions"]))
            comment = clean_text(row.cell(found["comments"])) if "comments" in found else ""
            if name and not _WORD.search(name):
                name = ""  # conversion debris in the name column
            current = risks[-1] if risks else None
            started = False
            if name and current and previous_started and current.name_lines == 1 \
                    and len(name.split()) == 1 and len(current.name.split()) == 1:
                current.name = f"{current.name} {name}"
                current.name_lines += 1
            elif name:
                current = _Risk(row, name, extra=unmapped(table.header, found.values(), row))
                risks.append(current)
                started = True
            if current is None:
                continue
            if action:
                current.actions.append(action)
            if comment:
                current.comments.append(comment)
            current.lines.append(row.source_text)
            previous_started = started
        return [
            RiskRecord(
                **{**provenance(ctx, risk.row), "source_text": "\n".join(risk.lines)},
                risk_id=row_id(ctx, risk.row, "risk"),
                service=ctx.service,
                title=risk.name,
                planned_actions=" ".join(risk.actions) or None,
                comments=" ".join(risk.comments) or None,
                extra=risk.extra,
            )
            for risk in risks
        ]
