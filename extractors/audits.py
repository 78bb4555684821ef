"""Internal audits and the assurance each gave, into `audits`.

Performance reports list them after a lead-in about audits (`The following internal audits have
been completed so far this year:`), one per item with the assurance level in brackets
(`ICT Infrastructure Security (Substantial)`); an item ending in a colon (`HR & Media:`) groups
the indented items under it. The list is recognised by that vocabulary wherever it is printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extractors.base import Context, ProseExtractor, SectionFind, record_id
from pipeline.finding.outline import Section
from pipeline.normalise import clean_text, parse_status
from pipeline.records import AuditRecord, Record
from pipeline.wording import phrase_pattern, printed_words

_WORDS = printed_words()
_LEAD_IN = re.compile(r"\baudits?\b.*:\s*-?\s*$", re.I)
_STATUS = re.compile(rf"\b({phrase_pattern(_WORDS.audit_statuses)})\b", re.I)
_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*•◆▪]|\d+[.)])\s+(?P<text>.+)$")
_ASSURED = re.compile(
    rf"^(?P<audit>.+?)\s*\((?P<level>(?:{phrase_pattern(_WORDS.assurance_levels)})(?:\s+assurance)?)\)\s*[.;]?$",
    re.I,
)


class AuditsExtractor(ProseExtractor):
    kind = "audits"

    def read_sections(
        self, sections: list[Section], context_for: Callable[[Section], Context]
    ) -> list[SectionFind]:
        finds = []
        for section in sections:
            ctx = context_for(section)
            lines = [ln for ln in section.lines if not ln.is_blank and not ln.is_tabular]
            for n, line in enumerate(lines):
                lead = clean_text(line.text)
                if not _LEAD_IN.search(lead) or _ITEM.match(line.text):
                    continue
                records = self._items(lines[n + 1:], lead, ctx)
                if records:
                    finds.append(SectionFind(records, line.no, max(r.line for r in records)))
        return finds

    def _items(self, lines, lead: str, ctx: Context) -> list[Record]:
        status = _STATUS.search(lead)
        records: list[Record] = []
        group: tuple[str, int] | None = None  # name and indent of an item ending in a colon
        for line in lines:
            item = _ITEM.match(line.text)
            if not item:
                break
            indent, text = len(item["indent"].expandtabs(4)), clean_text(item["text"])
            if group and indent <= group[1]:
                group = None
            if text.endswith(":"):
                group = (text.rstrip(": "), indent)
                continue
            assured = _ASSURED.match(text)
            if not assured:
                break
            records.append(AuditRecord(
                doc_id=ctx.doc_id, line=line.no, page=line.page, source_text=line.text,
                audit_id=record_id(ctx.doc_id, line.no, "audit"),
                service=ctx.service,
                area=group[0] if group else None,
                audit=assured["audit"].strip(),
                assurance=assured["level"].strip().capitalize(),
                status=parse_status(status.group(1)) if status else None,
                period=ctx.period,
            ))
        return records
