"""The plan's structure: which unit (WLAM unit, service area team) each line belongs to.

A unit starts with its header (`Service manager: …`, `Number of staff: …`, `Location: …`), printed
on separate lines, in a two-cell table or glued onto one line. Its name is the section heading
above the header; where the conversion lost the heading, the contents list or the captions of
the unit's own tables name it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline.linking.names import normalise_name
from pipeline.normalise import clean_text
from pipeline.reading.layout import Document, Line, Table

_MANAGER = re.compile(r"^\s*(?:service\s+)?managers?\s*:", re.I)
_FIELDS = re.compile(
    r"(?P<key>(?:service\s+)?managers?|number\s+of\s+staff|locations?)\s*:", re.I
)
HEADER_REACH = 6
# How alike a damaged caption and a contents entry must be to take the entry's name.
CONTENTS_SIMILARITY = 80
UNIT_NAME_MAX_CHARS = 70
# Captions that name a kind of table, not a unit.
_GENERIC_CAPTION = re.compile(
    r"consultation|engagement schedule|^indicators$|^page$|risks?\b|alignment|scorecard", re.I
)
_CAPTION_NOISE = re.compile(
    r"\b(?:actions?|activity budget|budget)\b.*$|\(.*$|\b(?:19|20)\d{2}\s*/\s*\d{2,4}\b", re.I
)


@dataclass
class Unit:
    name: str
    manager: str | None
    staff_fte: float | None
    locations: str | None
    start: int  # first line of the unit's section
    header_line: int
    header_end: int  # last line of the header
    page: int | None
    source_text: str
    name_source: str  # heading | contents | caption | position (`Unit N`, when nothing names it)


def _tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower().replace("&", " and "))
    return {w for w in words if w not in {"and", "the", "of"}}


def _header_fields(lines: list[Line], index: int) -> tuple[dict[str, str], int]:
    """Read the manager/staff/location fields from the header starting at `index`."""
    parts, last = [], index
    for offset, line in enumerate(lines[index:index + HEADER_REACH]):
        text = " ".join(c.strip() for c in line.cells if c.strip())
        if not text:
            continue
        if offset and not _FIELDS.match(text):
            break
        parts.append(text)
        last = index + offset
    joined = " ".join(parts)
    fields: dict[str, str] = {}
    matches = list(_FIELDS.finditer(joined))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(joined)
        key = match["key"].lower()
        key = "manager" if "manager" in key else "staff" if "staff" in key else "locations"
        fields.setdefault(key, clean_text(joined[match.end():end]))
    return fields, last


def _heading_above(lines: list[Line], index: int) -> tuple[str, int] | None:
    i = index - 1
    while i >= 0 and lines[i].is_blank:
        i -= 1
    if i < 0 or lines[i].is_tabular:
        return None
    text = clean_text(lines[i].text)
    if not text or len(text) > UNIT_NAME_MAX_CHARS or text.endswith((".", ":", ";", ",")):
        return None
    return text, i


def contents_table(tables: list[Table]) -> Table | None:
    """The plan's contents list: the table with a `Page` column."""
    for table in tables:
        if table.caption.strip().lower() == "page" or "page" in [h.lower() for h in table.header]:
            return table
    return None


def contents_entries(tables: list[Table]) -> list[str]:
    """Unit names from the plan's contents list."""
    table = contents_table(tables)
    if table is None:
        return []
    entries = [clean_text(r.cells[0]) for r in table.rows if r.cells and r.cells[0].strip()]
    return [e for e in entries if e and len(e) < UNIT_NAME_MAX_CHARS]


def _name_from_captions(captions: list[str], contents: list[str]) -> tuple[str, str] | None:
    candidates, variants = [], []
    for caption in captions:
        if not caption or _GENERIC_CAPTION.search(caption):
            continue
        # a bracket may open a qualifier `(Housing Revenue Account)` or be conversion debris
        for n, text in enumerate((caption, re.sub(r"[()]", " ", caption))):
            name = _CAPTION_NOISE.sub("", text).strip(" -–:")
            name = re.sub(r"^[^A-Za-z]+|[^A-Za-z)]+$", "", re.sub(r"\s+", " ", name))
            if name:
                variants.append(name)
                if n == 0:
                    candidates.append(name)
    for name in variants:
        words = _tokens(name)
        matches = [c for c in contents if _tokens(c) and _tokens(c) <= words]
        if matches:
            return max(matches, key=len), "contents"
    for name in variants:  # a caption whose letters the conversion damaged
        scored = [(fuzz.ratio(name.lower(), c.lower()), c) for c in contents]
        if scored and max(scored)[0] >= CONTENTS_SIMILARITY:
            return max(scored)[1], "contents"
    if candidates:
        return Counter(candidates).most_common(1)[0][0], "caption"
    return None


def find_units(doc: Document, tables: list[Table]) -> list[Unit]:
    lines = doc.lines
    contents = contents_entries(tables)
    found: list[tuple[int, int, dict[str, str], tuple[str, int] | None]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _MANAGER.match(line.cells[0] if line.cells else line.text):
            fields, last = _header_fields(lines, index)
            if "staff" in fields or "locations" in fields:
                found.append((index, last, fields, _heading_above(lines, index)))
                index = last + 1
                continue
        index += 1
    units: list[Unit] = []
    for n, (index, last, fields, heading) in enumerate(found):
        start = heading[1] if heading else index
        end_index = found[n + 1][0] if n + 1 < len(found) else len(lines)
        end_line = lines[end_index - 1].no if end_index else lines[-1].no
        captions = [t.caption for t in tables if lines[last].no < t.line <= end_line]
        if heading:
            name, source = heading[0], "heading"
        else:
            named = _name_from_captions(captions, contents)
            name, source = named if named else (f"Unit {n + 1}", "position")
        staff = re.match(r"\d+(?:\.\d+)?", fields.get("staff", ""))
        header_lines = lines[index:last + 1]
        units.append(
            Unit(
                name=name,
                manager=fields.get("manager") or None,
                staff_fte=float(staff.group(0)) if staff else None,
                locations=fields.get("locations") or None,
                start=lines[start].no,
                header_line=lines[index].no,
                header_end=lines[last].no,
                page=lines[index].page,
                source_text="\n".join(ln.text for ln in header_lines if not ln.is_blank),
                name_source=source,
            )
        )
    return units


def unit_at(units: list[Unit], line_no: int) -> Unit | None:
    """The unit whose section holds this line, or None before the first unit."""
    current = None
    for unit in units:
        if unit.start <= line_no:
            current = unit
        else:
            break
    return current


# How alike a printed unit name and a unit's name must be to be taken for the same unit.
UNIT_SIMILARITY = 85
_FILLER = {"and", "the", "of"}


def _unit_key(name: str) -> str:
    words = [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in normalise_name(name).split()]
    return " ".join(w for w in words if w not in _FILLER)


def resolve_unit(printed: str, units: Sequence[str]) -> str:
    """The plan's unit that a printed unit name refers to (a scorecard prints `Human Resources and
    Support Services` for the unit headed `HR and Support Services`), or the printed name itself."""
    target = _unit_key(printed)
    best, best_score = None, 0.0
    for unit in units:
        candidate = _unit_key(unit)
        score = max(fuzz.token_set_ratio(target, candidate), fuzz.ratio(target, candidate))
        if score > best_score:
            best, best_score = unit, score
    return best if best is not None and best_score >= UNIT_SIMILARITY else printed
