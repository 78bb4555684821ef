"""Risks stated in prose rather than in a register, under a heading about risk.

Two forms are read, both only inside a section whose heading names risk (`6. Risk assessment`,
`3. Risks`):

- a paragraph that states a risk (`… there is a major risk that Audit Scotland will report …`)
  becomes a risk with that paragraph as its description;
- a list introduced by a rating (`Presently there is only one risk that is rated as "Red":-`)
  gives one risk per item, titled by the item, with the rating.

Paragraphs that describe how risk is managed (`The CXO Risk Register is reviewed quarterly`)
state no risk and are left alone.
"""

from __future__ import annotations

import re
from functools import cache

from extractors.base import Context, ProseExtractor, SectionFind, record_id
from pipeline.finding.outline import Section
from pipeline.normalise import clean_text
from pipeline.reading.layout import Row
from pipeline.records import Record, RiskRecord

# `there is a major risk that …`, `there is a risk of …`: a risk stated, not a register described
_STATES_RISK = re.compile(r"\b(?:is|are)\s+(?:an?\s+)?(?:\w+\s+)?risks?\s+(?:that|of)\b", re.I)
_RATED = r"\brated\s+(?:as\s+)?[\"'“‘]?(?P<rating>{words})\b"  # `rated as "Red":-`
_BULLET = re.compile(r"^\s*(?:[-*•◆▪]|\d+[.)])\s+")
_NUMBER = re.compile(r"^\s*[-*•]?\s*\d+(?:\.\d+)+\.?\s*")


class RiskStatementsExtractor(ProseExtractor):
    kind = "risk_statements"

    def read(self, section: Section, ctx: Context) -> SectionFind | None:
        records, used = self._read(section, ctx)
        return SectionFind(records, min(used), max(used)) if records else None

    @classmethod
    @cache
    def _rated(cls) -> re.Pattern[str]:
        words = sorted((w for ws in cls.vocabulary.ratings.values() for w in ws), key=len, reverse=True)
        return re.compile(_RATED.format(words="|".join(re.escape(w) for w in words)), re.I)

    def _read(self, section: Section, ctx: Context) -> tuple[list[Record], list[int]]:
        lines = [ln for ln in section.lines if not ln.is_blank and not ln.is_tabular]
        records: list[Record] = []
        used: list[int] = []
        service = ctx.service
        index = 0
        while index < len(lines):
            line = lines[index]
            text = clean_text(_NUMBER.sub("", line.text))
            rated = self._rated().search(text)
            if rated and text.rstrip("-").endswith(":"):
                rating = (self.vocabulary.word(self.vocabulary.ratings, rated["rating"]) or "").capitalize()
                index += 1
                while index < len(lines) and _BULLET.match(lines[index].text):
                    item = lines[index]
                    records.append(RiskRecord(
                        doc_id=ctx.doc_id, line=item.no, page=item.page,
                        source_text=f"{line.text}\n{item.text}",
                        risk_id=record_id(ctx.doc_id, item.no, "risk"),
                        service=service, title=clean_text(_BULLET.sub("", item.text)), rating=rating,
                    ))
                    used.extend([line.no, item.no])
                    index += 1
                continue
            if _STATES_RISK.search(text):
                row = Row.from_line(line)
                records.append(RiskRecord(
                    doc_id=ctx.doc_id, line=row.line, page=row.page, source_text=row.source_text,
                    risk_id=record_id(ctx.doc_id, row.line, "risk"), service=service, description=text,
                ))
                used.append(line.no)
            index += 1
        return records, used
