"""The words councils print that the normalisers map to stored values (`data/words.yml`).

Kept as data beside the header vocabularies of `extractors/vocab/`, so that a council's new
wording for a status, an assurance level, a kind of indicator or a type of document is a line
in a file, not a change to a regular expression.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

WORDS_FILE = Path(__file__).parent / "data" / "words.yml"


class PrintedWords(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status_spellings: dict[str, list[str]] = Field(default_factory=dict)
    audit_statuses: list[str] = Field(default_factory=list)
    assurance_levels: list[str] = Field(default_factory=list)
    pi_categories: dict[str, list[str]] = Field(default_factory=dict)
    indicator_schemes: list[str] = Field(default_factory=list)
    document_types: dict[str, list[str]] = Field(default_factory=dict)


@cache
def printed_words() -> PrintedWords:
    return PrintedWords.model_validate(yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8")) or {})


def phrase_pattern(phrases: list[str]) -> str:
    """One regular expression alternative per printed phrase, any run of spaces between its words
    (`in progress` fits `in  progress`), longest first so that `completed` wins over `complete`."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s*".join(re.escape(w) for w in phrase.split()) for phrase in ordered)
