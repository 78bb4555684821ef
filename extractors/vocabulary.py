"""Header vocabulary as data: one YAML file per table kind in `extractors/vocab/`.

Each field of a kind's record lists the words councils print for it, the kind of value its cells
hold and whether a table must print it to be of that kind. A header cell is matched to a field
after normalising case, punctuation, money units and years, exactly where it can be, by the
synonym at the cell's end or start next, and by rapidfuzz where no synonym fits. Adding a
council's wording is one line in a YAML file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from pipeline.normalise import clean_text
from pipeline.reading.layout import Row

VOCAB_DIR = Path(__file__).parent / "vocab"
ValueType = Literal["money", "count", "percentage", "date", "period", "rag", "text", "indicator", "category"]
# How alike a header cell and a synonym must be (rapidfuzz ratio) when no synonym fits exactly.
FUZZY_THRESHOLD = 85

_UNIT = re.compile(r"£\s*[’']?\s*0{3}\s*s?|£\s*(?:k|m|bn|million|thousands?)\b|£|%", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?:\s*[/\-–]\s*(?:19|20)?\d{2})?(?!\d)")
_SCALES = (
    (re.compile(r"£\s*[’']?\s*0{3}\s*s?|£\s*k\b|£\s*thousands?\b|\bthousands\b", re.I), 1_000),
    (re.compile(r"£\s*m\b|£\s*millions?\b|\bmillions\b", re.I), 1_000_000),
    (re.compile(r"£\s*bn\b", re.I), 1_000_000_000),
)


class FieldSpec(BaseModel):
    """One record field: the header words printed for it, its value type, whether it must be there."""

    name: str
    synonyms: list[str]
    type: ValueType = "text"
    required: bool = False
    # an unnamed header cell right after this field's column holds this other field
    spills_into: str | None = None


class Vocabulary(BaseModel):
    kind: str
    fields: list[FieldSpec] = Field(default_factory=list)
    caption_words: list[str] = Field(default_factory=list)
    section_words: list[str] = Field(default_factory=list)
    # printed first-cell labels of a row that totals the rows above it
    total_labels: list[str] = Field(default_factory=list)
    # job titles printed after a unit's name in a caption or heading row (`… Director: Name`)
    heading_roles: list[str] = Field(default_factory=list)
    # printed words for a RAG status and a direction of travel, by the value stored
    rag_words: dict[str, list[str]] = Field(default_factory=dict)
    directions: dict[str, list[str]] = Field(default_factory=dict)
    # printed words for a risk's rating, by the value stored
    ratings: dict[str, list[str]] = Field(default_factory=dict)
    # marks printed for how an actual compares with its target, by the assessment stored
    assessment_marks: dict[str, list[str]] = Field(default_factory=dict)
    # printed labels of the values on an indicator box's line (`Latest:`, `Target:`), by the measure
    labels: dict[str, list[str]] = Field(default_factory=dict)
    # statuses printed in front of an action (stored in lower case)
    statuses: list[str] = Field(default_factory=list)
    # lines of page furniture that belong to no record (`Appendix 1`)
    furniture: list[str] = Field(default_factory=list)

    def word(self, words: dict[str, list[str]], printed: str) -> str | None:
        """The stored value whose printed words include `printed` (case and spacing aside)."""
        key = clean_text(printed).lower()
        if not key:
            return None
        return next((value for value, ws in words.items() if any(key == w.lower() for w in ws)), None)

    @property
    def columns(self) -> dict[str, list[str]]:
        return {f.name: f.synonyms for f in self.fields}

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


@cache
def load(kind: str) -> Vocabulary | None:
    """The vocabulary of one table kind, or None where the kind has no file (prose kinds)."""
    path = VOCAB_DIR / f"{kind}.yml"
    if not path.exists():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    fields = [FieldSpec(name=name, **spec) for name, spec in (data.pop("fields", None) or {}).items()]
    return Vocabulary(kind=kind, fields=fields, **data)


@lru_cache(maxsize=1 << 16)  # the same few hundred header cells and synonyms, compared again and again
def header_key(text: str) -> str:
    """A header cell as compared with synonyms: lower case, no punctuation, money units or years."""
    text = clean_text(text).lower().replace("&", " and ")
    text = _UNIT.sub(" ", _YEAR.sub(" ", text))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def unit_scale(text: str) -> int:
    """What a printed unit multiplies values by to give pounds: `£000s`, `£'000`, `£k` 1,000; `£m` 1,000,000."""
    for pattern, scale in _SCALES:
        if pattern.search(text or ""):
            return scale
    return 1


@lru_cache(maxsize=1 << 18)
def synonym_score(cell: str, synonym: str) -> float:
    """How well a normalised header cell fits one synonym, 0-100.

    Exact: 100. The synonym as the cell's last words (the head noun of an English header:
    `Key Service Description` is a description) or first words: 80-100 by how much of the cell it
    covers, the end ranking above the start. Otherwise the rapidfuzz ratio, kept only above
    FUZZY_THRESHOLD.
    """
    word = header_key(synonym)
    if not cell or not word:
        return 0.0
    if cell == word:
        return 100.0
    cover = 15 * len(word) / len(cell)
    if cell.endswith(" " + word):
        return 84 + cover
    if cell.startswith(word + " "):
        return 80 + cover
    ratio = fuzz.ratio(cell, word)
    return ratio if ratio >= FUZZY_THRESHOLD else 0.0


def match_header(header: Sequence[str], vocab: Vocabulary) -> dict[str, int]:
    """Field -> header position. Best fits are taken first; each cell and each field is used once."""
    cells = [header_key(h) or clean_text(h).lower() for h in header]
    scored = []
    for spec in vocab.fields:
        for i, cell in enumerate(cells):
            best = max((synonym_score(cell, s) for s in spec.synonyms), default=0.0)
            if best > 0:
                scored.append((best, -i, spec.name, i))
    found: dict[str, int] = {}
    for _score, _order, name, i in sorted(scored, reverse=True):
        if name in found or i in found.values():
            continue
        found[name] = i
    for spec in vocab.fields:
        if spec.spills_into and spec.name in found and spec.spills_into not in found:
            after = found[spec.name] + 1
            if after < len(header) and not clean_text(header[after]) and after not in found.values():
                found[spec.spills_into] = after
    return found


_UNIT_CELL = re.compile(r"^\(?\s*(?:£\s*[’']?\s*0{3}\s*s?|£\s*(?:k|m|bn)|£|%|fte|no\.?)\s*\)?$", re.I)


def merge_unit_rows(header: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
    """A header printed over two rows, the second holding only units (`| | £m | £m`), made one."""
    header = list(header)
    while rows:
        filled = [c for c in rows[0].cells if c.strip()]
        if not filled or not all(_UNIT_CELL.match(clean_text(c)) for c in filled):
            break
        cells = rows[0].cells
        width = max(len(header), len(cells))
        header = [" ".join(p for p in ((header[i] if i < len(header) else ""),
                                       (cells[i] if i < len(cells) else "")) if p.strip()).strip()
                  for i in range(width)]
        rows = rows[1:]
    return header, rows
