"""The findings as a report a person who does not program can read: by document, then by severity."""

from __future__ import annotations

import textwrap
from collections import Counter, defaultdict

from pipeline.checking.common import SEVERITIES, severity_words
from pipeline.records import FindingRecord

WIDTH = 100


def count_words(findings: list[FindingRecord]) -> str:
    """`2 errors, 1 warning, 5 notes`."""
    return severity_words(Counter(f.severity for f in findings))


def _where(f: FindingRecord) -> str:
    places = []
    for item in f.evidence:
        at = f"line {item['line']}" if item.get("line") is not None else (
            f"page {item['page']}" if item.get("page") is not None else "")
        places.append(f"{item['table']} {at}".strip())
    return ", ".join(dict.fromkeys(places))


def format_report(findings: list[FindingRecord], documents: dict[str, str]) -> list[str]:
    """Lines of the report. `documents` maps doc_id to how the document is named to the reader."""
    by_doc: dict[str | None, list[FindingRecord]] = defaultdict(list)
    for f in findings:
        by_doc[f.doc_id].append(f)
    lines: list[str] = []
    if not findings:
        return ["No findings: every check passed."]
    order = sorted(by_doc, key=lambda d: (d is None, documents.get(d or "", d or "")))
    for doc_id in order:
        items = by_doc[doc_id]
        name = documents.get(doc_id, doc_id) if doc_id else "Across documents"
        lines += [name, "=" * min(len(name), WIDTH), count_words(items), ""]
        for severity, _one, _many, heading in SEVERITIES:
            chosen = [f for f in items if f.severity == severity]
            if not chosen:
                continue
            lines += [heading, "-" * len(heading)]
            for f in chosen:
                lines += textwrap.wrap(f.subject, WIDTH, initial_indent="* ", subsequent_indent="  ")
                lines += textwrap.wrap(f.message, WIDTH, initial_indent="  ", subsequent_indent="  ")
                if f.actual and f.actual not in f.message:
                    lines += textwrap.wrap(f"Expected: {f.expected or '-'}; printed: {f.actual}", WIDTH,
                                           initial_indent="  ", subsequent_indent="  ")
                where = _where(f)
                if where:
                    lines += textwrap.wrap(f"Rows: {where}", WIDTH, initial_indent="  ",
                                           subsequent_indent="    ")
                lines.append("")
    lines.append(f"In total: {count_words(findings)}, in {len([d for d in by_doc if d])} documents.")
    return lines
