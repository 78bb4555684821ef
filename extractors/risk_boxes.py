"""A risk register printed as one box per risk, each headed `CRR0042: Border fluidity, …`.

The heading is a line of its own holding a risk code, a colon and a title (not a sentence: a
narrative line that starts with a code and goes on to explain it ends in a full stop and is longer).
"""

from __future__ import annotations

import re

from extractors.base import Context, SectionFind, provenance, row_id
from pipeline.layout import Line, Row
from pipeline.normalise import clean_text
from pipeline.records import RiskRecord

_HEADING = re.compile(r"^(?P<code>[A-Z]{2,}\d{2,}[a-z]?)\s*:\s*(?P<title>[A-Z].*)$")
# Longest heading still taken for a risk box's title rather than a paragraph about the risk.
HEADING_MAX_CHARS = 140


def read_risk_boxes(lines: list[Line], ctx: Context) -> list[SectionFind]:
    finds = []
    for line in lines:
        text = clean_text(" ".join(c for c in line.cells if c.strip()))
        match = _HEADING.match(text)
        if not match or len(text) > HEADING_MAX_CHARS or text.endswith((".", ";", ",")):
            continue
        row = Row(cells=list(line.cells), line=line.no, page=line.page, source_text=line.text)
        record = RiskRecord(**provenance(ctx, row), risk_id=row_id(ctx, row, "risk"),
                            service=ctx.unit or ctx.plan_service, risk_code=match["code"],
                            title=match["title"].strip())
        finds.append(SectionFind([record], line.no, line.no))
    return finds
