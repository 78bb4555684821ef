"""Document metadata: what the plan is (council, service, title, type, year).

Read from the text where it says so; `raw/sources.yml` supplies what the text does not say.
Where both give a value and they differ, the manifest wins and the difference is reported.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.layout import Document
from pipeline.normalise import clean_text, parse_period

log = logging.getLogger(__name__)

DOC_TYPES = {
    "management_plan": re.compile(r"management\s+plan", re.I),
    "service_area_plan": re.compile(r"service\s+area\s+plan(?!\s+performance)", re.I),
    "improvement_plan": re.compile(r"improvement\s+plan", re.I),
    "performance_report": re.compile(r"performance\s+(?:report|\d{4})|plan\s+performance", re.I),
}
_TITLE = re.compile(r"\b(plan|report|performance)\b", re.I)
_COUNCIL = re.compile(r"\b((?:[A-Z][a-z]+\s){1,3})(?:(District|Borough|City|County)\s)?Council\b")
_NOT_PLACE = {"The", "This", "Each", "Our", "All", "Full", "Whole", "Report", "Community", "Town"}
TITLE_REACH = 15


class DocumentMeta(BaseModel):
    """What a plan is: from its text, overlaid with its manifest entry."""

    council: str | None = None
    service: str | None = None
    title: str | None = None
    doc_type: str | None = None
    period: str | None = None
    url: str | None = None


class SourceEntry(DocumentMeta):
    """One file's entry in `raw/sources.yml`; unknown keys are an error, not ignored."""

    model_config = ConfigDict(extra="forbid")


def load_manifest(raw_dirs: list[Path]) -> dict[str, SourceEntry]:
    """File name -> manifest entry, from every `sources.yml` in the given folders."""
    entries: dict[str, SourceEntry] = {}
    for folder in raw_dirs:
        path = folder / "sources.yml"
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, fields in (data.get("documents") or {}).items():
            try:
                entries[name] = SourceEntry(**(fields or {}))
            except ValidationError as exc:
                raise ValueError(f"{path}: entry {name!r} is not valid: {exc}") from exc
    return entries


def _title(doc: Document) -> str | None:
    for line in doc.text_lines()[:TITLE_REACH]:
        text = clean_text(line.text).lstrip("#* ").strip()
        text = re.sub(r"^subject\s*:\s*", "", text, flags=re.I)
        if _TITLE.search(text) and len(text) < 100 and not text.endswith("."):
            return re.sub(r"\s+[–-]\s+appendix.*$", "", text, flags=re.I)
    return None


def _council(doc: Document) -> str | None:
    counts: Counter[str] = Counter()
    for line in doc.lines:
        for match in _COUNCIL.finditer(line.text):
            words = match.group(1).split()
            if words[0] in _NOT_PLACE:
                continue
            name = " ".join(words + ([match.group(2)] if match.group(2) else []) + ["Council"])
            counts[name] += 1
    return counts.most_common(1)[0][0] if counts else None


def infer(doc: Document) -> DocumentMeta:
    title = _title(doc)
    meta = DocumentMeta(title=title, council=_council(doc))
    if title:
        meta.period = parse_period(title)
        for doc_type, pattern in DOC_TYPES.items():
            if pattern.search(title):
                meta.doc_type = doc_type
                break
        service = re.split(r"\s+(?:management|service\s+area|improvement)\s+plan\b", title, flags=re.I)[0]
        if service and service != title:
            meta.service = service.strip(" -–:")
    return meta


def resolve(doc: Document, entry: SourceEntry | None) -> tuple[DocumentMeta, list[str]]:
    """Inferred metadata overlaid with the manifest; returns the disagreements found."""
    meta = infer(doc)
    notes: list[str] = []
    if entry is None:
        return meta, notes
    for field, value in entry.model_dump().items():
        if value is None:
            continue
        found = getattr(meta, field)
        if field == "period":
            value = parse_period(str(value)) or value
        if found is not None and str(found).casefold() != str(value).casefold():
            notes.append(f"{field}: the text says {found!r}, the manifest {value!r}; using the manifest")
        setattr(meta, field, value)
    for note in notes:
        log.info("%s: %s", doc.source_file, note)
    return meta, notes
