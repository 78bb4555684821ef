"""A plan's list of measures (`2.2 Measures`), into the indicator registry: indicators without codes
and without values.

The list may reach us badly converted: several names run together (`… websiteNumber of …`),
repeated, cut short (`… Requests Responded`), broken over lines (`to on time`) or mixed with
image placeholders (`Image: …`). Names are split at those joins, rejoined where a line carries
on in lower case, and kept once; headings (`Customer Measures – …`, `Media`, `… via:`), notes
and quarter columns (`Qrt 1 2 3 4`) are not measures.
"""

from __future__ import annotations

import re

from extractors.base import Context, ProseExtractor, SectionFind
from extractors.indicator_rows import indicator_records
from pipeline.finding.outline import Section
from pipeline.normalise import clean_text
from pipeline.reading.layout import Line, Row
from pipeline.records import Record

# Where the conversion ran two names together: `websiteNumber`, `(S1 or S2)Number`, `timeImage:`.
_JOIN = re.compile(r"(?<=[a-z)])(?=[A-Z][a-z])|\s{3,}|\t|•")
_TARGET_NOTE = re.compile(r"\s*\([^()]*\btarget\b[^()]*\)", re.I)
_QUARTERS = re.compile(r"^(?:q(?:rt|tr|uarter)?\s*)?\d+$", re.I)
_NOT_A_MEASURE = re.compile(r"\bmeasures\b|^note\b", re.I)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[–—-]", "-", text.lower())).strip()


def measure_names(lines: list[Line]) -> list[tuple[str, Line]]:
    """The distinct measure names printed in these lines, each with the line it first appears on."""
    pieces: list[tuple[str, Line]] = []
    previous_line = None
    for line in lines:
        if line.is_blank:
            continue
        for raw in _JOIN.split(line.text):
            text = clean_text(raw)
            if not text or raw.strip().startswith("Image:"):
                continue
            if text[:1].islower() and not text.endswith("."):
                if pieces and previous_line is not None and pieces[-1][1].no == previous_line.no:
                    pieces[-1] = (f"{pieces[-1][0]} {text}", pieces[-1][1])
                continue
            pieces.append((text, line))
        previous_line = line
    names: list[tuple[str, Line]] = []
    for text, line in pieces:
        text = _TARGET_NOTE.sub("", text).strip()
        if (text.endswith((":", ".", "?")) or text[:1].islower() or _NOT_A_MEASURE.search(text)
                or _QUARTERS.match(text) or len(text.split()) < 2
                or (text.startswith("(") and text.endswith(")"))):
            continue
        names.append((text, line))
    keys = [_key(t) for t, _ in names]
    kept: list[tuple[str, Line]] = []
    seen: set[str] = set()
    for (text, line), key in zip(names, keys, strict=True):
        if key in seen or any(other != key and other.startswith(key + " ") for other in keys):
            continue
        seen.add(key)
        kept.append((text, line))
    return kept


class MeasuresExtractor(ProseExtractor):
    kind = "measures"

    def read(self, section: Section, ctx: Context) -> SectionFind:
        service = ctx.service
        records: list[Record] = []
        for n, (name, line) in enumerate(measure_names(section.lines)):
            records.extend(indicator_records(ctx, Row.from_line(line), name, self.kind, service, [], index=n))
        return SectionFind(records, section.line, section.end)
