"""Document metadata: what the plan is (council, service, title, type, year).

Read from the text where it says so; `raw/sources.yml` supplies what the text does not say.
Where both give a value and they differ, the manifest wins and the difference is reported.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from pipeline.councils import council_from_abbreviations
from pipeline.normalise import all_periods, clean_text, month_number, parse_period
from pipeline.reading.layout import Document
from pipeline.wording import printed_words

log = logging.getLogger(__name__)
MANIFEST = "sources.yml"
T = TypeVar("T")

# a document's type by the phrases of its title (data/words.yml), the first that fits winning
DOC_TYPES = {doc_type: re.compile("|".join(phrases), re.I)
             for doc_type, phrases in printed_words().document_types.items()}
# A title printed over several lines: a line naming only its period (`Quarter 3`, `2024/25`) continues it.
_PERIOD_LINE = re.compile(r"^(?:(?:quarter|qtr|q)\s*[1-4]|(?:19|20)\d{2}\s*[/\-–]\s*\d{2,4}|[\s,])+$", re.I)
_PLACE_TYPES = {"District", "Borough", "City", "County", "Metropolitan"}
_TITLE = re.compile(r"\b(plan|report|performance|register|budget|statement|strategy)\b", re.I)
_COUNCIL = re.compile(r"\b((?:[A-Z][a-z]+\s){1,3})(?:(District|Borough|City|County)\s)?Council\b")
_NOT_PLACE = {"The", "This", "Each", "Our", "All", "Full", "Whole", "Report", "Community", "Town"}
TITLE_REACH = 15
# `Subject: Best Value Improvement Plan`: a report names what it is about.
_SUBJECT = re.compile(r"^\s*subject\s*:\s*(?P<title>.+)$", re.I)
# `Service Area : Chief Executives Office` printed in the plan's header.
_SERVICE_FIELD = re.compile(r"^\s*(?:service\s+area|service|directorate)\s*:\s*(?P<name>.+)$", re.I)
# `Chief Executive's Office – Appendix B`: a report's appendix names the service above its title.
_APPENDIX = re.compile(r"^(?P<name>.+?)\s+[–-]\s+appendix\b.*$", re.I)
# `Council : 30 April 2008`, `Date: 24 April 2008`: when the report was written.
_DATE = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?P<month>[A-Z][a-z]+)\s+(?P<year>(?:19|20)\d{2})\b")


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

    model_config = ConfigDict(extra="forbid", strict=True)

    @field_validator("url")
    @classmethod
    def _web_address(cls, url: str | None) -> str | None:
        """Only an http(s) address with a host: a `javascript:` or `file:` address never becomes a link."""
        if url is None:
            return None
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{url!r} is not an http(s) address")
        return url.strip()


class ManifestError(Exception):
    """`sources.yml` cannot be read at all (not YAML, or not a mapping of documents)."""


def manifest_entry(manifest: dict[str, T], file_name: str) -> T | None:
    """The entry for a file: by its name, else by its stem, so that `plan.pdf` and a conversion
    `plan.txt` (or a rendering `plan.ruled.pdf`) of the same document share one entry."""
    name = Path(file_name).name
    if name in manifest:
        return manifest[name]
    stem = name.split(".")[0]
    return next((entry for key, entry in manifest.items() if key.split(".")[0] == stem), None)


# libyaml's safe loader where PyYAML was built with it: the same documents, read ten times faster
# (a manifest of thousands of plans takes seconds with the pure-Python one).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_manifest(raw_dirs: list[Path]) -> dict[str, SourceEntry]:
    """File name -> manifest entry, from every `sources.yml` in the given folders (valid entries only)."""
    return read_manifest(raw_dirs)[0]


def read_manifest(raw_dirs: list[Path]) -> tuple[dict[str, SourceEntry], dict[str, str]]:
    """Valid entries by file name, and, by file name, what is wrong with each invalid entry.

    An invalid entry fails only its own document (its `ingest_log` row says why, in one line naming
    the file, the entry and the field); a file that is not YAML stops the build, with the line.
    """
    entries: dict[str, SourceEntry] = {}
    problems: dict[str, str] = {}
    for folder in raw_dirs:
        path = folder / MANIFEST
        if not path.is_file():
            continue
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark is not None else ""
            what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ManifestError(f"{path}{where}: not valid YAML: {what}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ManifestError(f"{path}: cannot be read: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("documents") or {}, dict):
            raise ManifestError(f"{path}: must be a mapping with a `documents:` mapping of file names")
        unknown = sorted(str(k) for k in data if k != "documents")
        if unknown:
            raise ManifestError(f"{path}: unknown section {unknown[0]!r} (only `documents:` is read)")
        for name, fields in (data.get("documents") or {}).items():
            name = str(name)
            if fields is not None and not isinstance(fields, dict):
                problems[name] = f"{path}: entry {name!r}: must be a mapping of fields, not {fields!r}"
                continue
            try:
                entries[name] = SourceEntry(**(fields or {}))
            except ValidationError as exc:
                problems[name] = f"{path}: entry {name!r}: " + "; ".join(_field_problem(e) for e in exc.errors())
    return entries, problems


def _field_problem(error: dict) -> str:
    """`field 'period': Input should be a valid string (2020)`: one pydantic error in one line."""
    field = ".".join(str(part) for part in error["loc"]) or "entry"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return f"unknown field {field!r}"
    if error["type"] == "string_type":
        return f"field {field!r}: {message}, not {error['input']!r} (write it in quotes)"
    return f"field {field!r}: {message}"


def _head(doc: Document) -> list[str]:
    """The first printed lines, cleaned, with a key/value row's cells joined by `: `."""
    lines = []
    for line in doc.text_lines()[:TITLE_REACH]:
        cells = [clean_text(c) for c in line.cells if clean_text(c)]
        text = " ".join(cells)
        if text:
            lines.append(text.lstrip("#* ").strip())
    return lines


def _title_like(text: str) -> bool:
    return bool(_TITLE.search(text)) and len(text) < 100 and not text.endswith(".")


def _page_tops(doc: Document) -> list[str]:
    """The first printed line of every page, where the document has pages."""
    tops: dict[int, str] = {}
    for line in doc.text_lines():
        if line.page is not None and line.page not in tops:
            tops[line.page] = " ".join(clean_text(c) for c in line.cells if clean_text(c))
    return list(tops.values())


def _name_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", text.casefold()) if w not in {"the", "and", "for"}}


def _title(doc: Document) -> str | None:
    """The first title-like line of the head (with the period lines that continue it).

    A document whose pages open with different titles (a summary page, then the statement
    itself) is named by the one its file name repeats, when the file name repeats one better.
    """
    head = _head(doc)
    for text in head:
        subject = _SUBJECT.match(text)
        if subject:
            return subject["title"].strip()
    first = None
    for n, text in enumerate(head):
        if _title_like(text):
            following = [t for t in head[n + 1:n + 3]]
            while following and _PERIOD_LINE.match(following[0]):
                text = f"{text} {following.pop(0)}"
            first = re.sub(r"\s+[–-]\s+appendix.*$", "", text, flags=re.I)
            break
    if first is None:
        return None
    named = _name_words(Path(doc.source_file).stem)
    best, best_overlap = first, len(named & _name_words(first))
    for top in _page_tops(doc):
        overlap = len(named & _name_words(top))
        if _title_like(top) and overlap > best_overlap and overlap >= 2:
            best, best_overlap = top, overlap
    return best


def _service(doc: Document, title: str | None) -> str | None:
    """The service the plan covers, as its header, an appendix line or its title says."""
    head = _head(doc)
    for text in head:
        field = _SERVICE_FIELD.match(text)
        if field:
            return field["name"].strip(" -–:")
    for text in head:
        if text == title:
            break
        appendix = _APPENDIX.match(text)
        if appendix:
            return appendix["name"].strip()
    if title:
        # `Corporate Services Management Plan`; an improvement plan's title names no service
        service = re.split(r"\s+(?:management|service\s+area)\s+plan\b", title, flags=re.I)[0]
        if service and service != title:
            return service.strip(" -–:")
    return None


def _period(doc: Document, title: str | None) -> str | None:
    """The plan's year: from its title; else the financial year the text names most; else the
    financial year in which the report is dated (April starts the year)."""
    period = parse_period(title)
    if period:
        return period
    counts = Counter(p for line in doc.lines for p in all_periods(clean_text(line.text)))
    if counts:
        return counts.most_common(1)[0][0]
    for text in _head(doc):
        date = _DATE.search(text)
        if date and month_number(date["month"]):
            year = int(date["year"]) - (1 if month_number(date["month"]) < 4 else 0)
            return f"{year}/{(year + 1) % 100:02d}"
    return None


def _council(doc: Document) -> str | None:
    """The council's name as the text prints it most often; else the council its abbreviations
    (`KCC`) stand for."""
    counts: Counter[str] = Counter()
    for line in doc.lines:
        for match in (m for cell in line.cells for m in _COUNCIL.finditer(cell)):  # a name spans no cells
            words = match.group(1).split()
            cut = max((i + 1 for i, w in enumerate(words) if w in _NOT_PLACE), default=0)
            words = words[cut:]  # `… The Council`: a sentence, not a council's name
            if not words or all(w in _PLACE_TYPES for w in words):
                continue
            name = " ".join(words + ([match.group(2)] if match.group(2) else []) + ["Council"])
            counts[name] += 1
    if counts:
        return counts.most_common(1)[0][0]
    return council_from_abbreviations(cell for line in doc.lines for cell in line.cells)


def infer(doc: Document) -> DocumentMeta:
    title = _title(doc)
    meta = DocumentMeta(title=title, council=_council(doc), service=_service(doc, title),
                        period=_period(doc, title))
    if title:
        for doc_type, pattern in DOC_TYPES.items():
            if pattern.search(title):
                meta.doc_type = doc_type
                break
    return meta


def _same(a: object, b: object) -> bool:
    """Equal but for case, punctuation and spacing (`Chief Executives Office`)."""
    def key(value: object) -> str:
        return re.sub(r"[^a-z0-9]+", "", str(value).casefold())
    return key(a) == key(b)


def resolve(doc: Document, entry: SourceEntry | None) -> tuple[DocumentMeta, list[str]]:
    """Inferred metadata overlaid with the manifest; returns the disagreements found."""
    meta = infer(doc)
    notes: list[str] = []
    if entry is None:
        found = [f"{name} {value!r}" for name, value in meta.model_dump().items() if value]
        unknown = [name for name in ("council", "title", "doc_type", "period") if not getattr(meta, name)]
        notes.append("no raw/sources.yml entry: read from the document's own text: " + (", ".join(found) or "nothing")
                     + (f"; not found: {', '.join(unknown)}" if unknown else ""))
        return meta, notes
    for field, value in entry.model_dump().items():
        if value is None:
            continue
        found = getattr(meta, field)
        if field == "period":
            value = parse_period(str(value)) or value
        if found is not None and not _same(found, value):
            notes.append(f"{field}: the text says {found!r}, the manifest {value!r}; using the manifest")
        setattr(meta, field, value)
    for note in notes:
        log.info("%s: %s", doc.source_file, note)
    return meta, notes
