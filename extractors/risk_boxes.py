"""A risk register printed as one box per risk, each headed `CRR0042: Border fluidity, …`.

The heading is a line of its own holding a risk code, a colon and a title (not a sentence: a
narrative line that starts with a code and goes on to explain it ends in a full stop and is longer).
Inside a box, each mitigating action starts with its printed status (`Complete`, `Partially
Complete`, `Regular Review`): its title is the bold text it opens with where the print shows
fonts, else a first line that does not run on into the next sentence; the rest is its update.
The statuses are data (`vocab/risk_boxes.yml`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extractors.base import Context, LineExtractor, SectionFind, provenance, row_id
from extractors.vocabulary import load
from pipeline.normalise import clean_text
from pipeline.reading.layout import Line, Row
from pipeline.records import ActionRecord, Record, RiskRecord

_HEADING = re.compile(r"^(?P<code>[A-Z]{2,}\d{2,}[a-z]?)\s*:\s*(?P<title>[A-Z].*)$")
# Longest heading still taken for a risk box's title rather than a paragraph about the risk.
RISK_HEADING_MAX_CHARS = 140
KIND = "risk_boxes"


def _status(text: str) -> tuple[str, str] | None:
    """(status, rest of the line) where a line starts with a printed status."""
    for status in sorted(load(KIND).statuses, key=len, reverse=True):
        match = re.match(rf"{re.escape(status)}\b\s*(.*)$", text, re.I)
        if match:
            return status.lower(), match.group(1)
    return None


def _text(line: Line) -> str:
    return clean_text(" ".join(c for c in line.cells if c.strip()))


def _bold(line: Line) -> str | None:
    """The bold text a line opens with ("" for none), or None where the reader saw no fonts."""
    if line.bold_prefix is None:
        return None
    return clean_text(line.text[:line.bold_prefix])


def _title(pieces: list[tuple[str, str | None]]) -> tuple[str, list[str]]:
    """(title, update) of one action's printed pieces (text, its bold opening).

    Where the print shows fonts, the title is the bold text the action opens with, over one line
    or several, and the update the rest. Otherwise a first line that does not run on into the
    next sentence is the title.
    """
    texts = [text for text, _ in pieces]
    if any(bold is not None for _, bold in pieces):
        title: list[str] = []
        for n, (text, bold) in enumerate(pieces):
            if bold and bold == text:
                title.append(text)
                continue
            rest = texts[n:]
            if bold and text.startswith(bold):
                title.append(bold)
                rest = [text[len(bold):].strip(), *texts[n + 1:]]
            return " ".join(title), [r for r in rest if r]
        return " ".join(title), []
    if len(texts) > 1 and not texts[0].endswith(".") and texts[1][:1].isupper():
        return texts[0], texts[1:]
    return "", texts


def _actions(lines: list[Line], group: str, ctx: Context) -> list[Record]:
    """The mitigating actions printed in one box, each from its status to the next."""
    furniture = {f.lower() for f in load(KIND).furniture}
    printed = [ln for ln in lines if _text(ln) and _text(ln).lower() not in furniture]
    actions: list[tuple[Line, str, list[tuple[str, str | None]]]] = []
    pending = ""
    for line in printed:
        text = _text(line)
        joined = _status(f"{pending} {text}".strip()) if pending else None
        found = joined if joined and not joined[1] else _status(text)
        if found is None and not actions and len(text.split()) == 1:
            pending = text  # a status broken over two lines (`Regular` / `Review`)
            continue
        pending = ""
        if found is not None:
            actions.append((line, found[0], [(found[1], None if line.bold_prefix is None else "")]
                            if found[1] else []))
        elif actions:
            actions[-1][2].append((text, _bold(line)))
    records: list[Record] = []
    for line, status, pieces in actions:
        if not pieces:
            continue
        title, update = _title(pieces)
        row = Row(cells=list(line.cells), line=line.no, page=line.page,
                  source_text="\n".join(text for text, _ in pieces))
        records.append(ActionRecord(
            **provenance(ctx, row), action_id=row_id(ctx, row, "action"), service=ctx.service,
            kind="action", group=group, title=title or (update[0] if update else ""), status=status,
            update=clean_text(" ".join(update)) or None))
    return records


class RiskBoxesExtractor(LineExtractor):
    kind = KIND

    def read_lines(
        self, lines: list[Line], context_at: Callable[[int], Context], title: str | None
    ) -> list[SectionFind]:
        return read_risk_boxes(lines, context_at)


def read_risk_boxes(lines: list[Line], context_at: Callable[[int], Context]) -> list[SectionFind]:
    """Every risk box of the document, each in the context of the line that heads it (its unit)."""
    headings = []
    for index, line in enumerate(lines):
        text = _text(line)
        match = _HEADING.match(text)
        if not match or len(text) > RISK_HEADING_MAX_CHARS or text.endswith((".", ";", ",")):
            continue
        headings.append((index, line, match))
    finds = []
    for n, (index, line, match) in enumerate(headings):
        row = Row(cells=list(line.cells), line=line.no, page=line.page, source_text=line.text)
        ctx = context_at(line.no)
        record = RiskRecord(**provenance(ctx, row), risk_id=row_id(ctx, row, "risk"),
                            service=ctx.service, risk_code=match["code"],
                            title=match["title"].strip())
        end = headings[n + 1][0] if n + 1 < len(headings) else len(lines)
        box = lines[index + 1:end]
        actions = _actions(box, _text(line), ctx)
        last = box[-1].no if actions and box else line.no
        finds.append(SectionFind([record, *actions], line.no, last))
    return finds
