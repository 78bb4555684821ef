"""The UK's principal councils, and which of them a document means when it prints no full name.

Reports written inside a council rarely print its name: they say `the Council` and `KCC`. The
names in `data/councils.yml` give each council's abbreviation (the initials of its name); a
document's abbreviation names a council when the document also prints the place it stands for
(`Kent`) or the shire named after that place (`WDC` beside `Warwickshire`: Warwick), or, in a
document that speaks of `the Council`, when only one council has it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

_GAZETTEER = Path(__file__).parent / "data" / "councils.yml"
_SMALL_WORDS = {"and", "of", "the", "upon", "on", "with", "nan", "in"}
_KIND_WORDS = {"Council", "County", "Borough", "City", "District", "Metropolitan", "Corporation",
               "Royal", "London"}
_ABBREVIATION = re.compile(r"\b[A-Z]{3,6}\b")
_THE_COUNCIL = re.compile(r"\bthe\s+council\b", re.I)


@cache
def council_names() -> tuple[str, ...]:
    """Every council in the gazetteer, in its order."""
    groups = yaml.safe_load(_GAZETTEER.read_text(encoding="utf-8"))
    return tuple(name for names in groups.values() for name in names)


def abbreviation(name: str) -> str:
    """`Kent County Council` -> `KCC`; `Royal Borough of Windsor and Maidenhead` -> `RBWM`."""
    words = re.split(r"[\s\-]+", name)
    return "".join(w[0].upper() for w in words if w and w.lower() not in _SMALL_WORDS and w[0].isalpha())


def place(name: str) -> str:
    """The place a council is named after: `Kent County Council` -> `Kent`."""
    words = [w for w in name.split() if w not in _KIND_WORDS]
    while words and words[0] in _SMALL_WORDS:
        words.pop(0)
    return " ".join(words)


@cache
def _by_abbreviation() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for name in council_names():
        table.setdefault(abbreviation(name), []).append(name)
    return {key: tuple(names) for key, names in table.items()}


def council_from_abbreviations(texts: Iterable[str]) -> str | None:
    """The council that the abbreviations printed in `texts` name, or None where they name none
    or the candidates cannot be told apart. The abbreviation printed most often decides."""
    text = "\n".join(texts)
    counts = Counter(_ABBREVIATION.findall(text))
    table = _by_abbreviation()
    speaks_of_a_council = bool(_THE_COUNCIL.search(text))
    for token, _ in counts.most_common():
        candidates = table.get(token, ())
        placed = tuple(c for c in candidates if re.search(rf"\b{re.escape(place(c))}(?:shire)?\b", text))
        if len(placed) == 1:
            return placed[0]
        if not placed and len(candidates) == 1 and speaks_of_a_council:
            return candidates[0]
    return None
