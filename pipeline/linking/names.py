"""Indicator names made comparable: normalisation and the fuzzy scorers that compare them.

Plans print one indicator's name in several ways (`£1m` / `£1 million`, `HR` / `Human Resources`,
`CSC` / `Customer Service Centre (CSC)`, `Service` / `services`). Names are normalised before
they are compared, so that a score measures wording, not typography. Which scorer and threshold
link two names is chosen by measurement on a labelled set of name pairs from the seeds
(`benchmarks/registry_thresholds.py`); the chosen setting lives here as `NAME_SCORER` and
`NAME_THRESHOLD`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np
from rapidfuzz import fuzz, process

# Abbreviations every council uses. `IT` is a department, `it` is a word unless `it services` follows.
_ABBREVIATIONS = [
    (re.compile(r"\bHR\b", re.I), "human resources"),
    (re.compile(r"\bICT\b", re.I), "information technology"),
    (re.compile(r"\bIT\b"), "information technology"),
    (re.compile(r"\bit(?=\s+(?:services?|systems?|faults?|projects?)\b)", re.I), "information technology"),
]
# Applied after lower-casing.
_REPLACEMENTS = [
    (re.compile(r"£\s*1\s*(?:m|million)\b"), "£1 million"),
    (re.compile(r"\bhuman resource\b"), "human resources"),
    (re.compile(r"\bservices\b"), "service"),
    (re.compile(r"&"), " and "),
]
_NOT_WORD = re.compile(r"[^a-z0-9£%]+")
_ACRONYM_DEFINITION = re.compile(r"((?:[A-Za-z][\w'’-]*\s+){1,8})\(([A-Z]{2,6})\)")
STOPWORDS = frozenset("a an the of and or to in on at by for with per as from".split())
# Words that turn a name into its complement: `housing repairs` / `non-housing repairs`.
NEGATIONS = frozenset("non not excluding except".split())
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of\s+|and\s+)?[A-Z][a-z]+){1,5}")
_CAPITALS = re.compile(r"\b[A-Z]{2,6}\b")

Scorer = Callable[[str, str], float]


def learn_acronyms(names: Iterable[str]) -> dict[str, str]:
    """Acronyms the names define themselves: `Customer Service Centre (CSC)` -> CSC: customer service centre.

    The expansion is the shortest run of words before the brackets whose initials spell the acronym
    (with or without the small words), so a name's own wording decides, not a fixed list.
    """
    names = list(dict.fromkeys(names))
    found: dict[str, str] = {}
    for name in names:
        for match in _ACRONYM_DEFINITION.finditer(name):
            words, acronym = match[1].split(), match[2]
            for size in range(1, len(words) + 1):
                tail = words[-size:]
                every = "".join(w[0] for w in tail).upper()
                content = "".join(w[0] for w in tail if w.lower() not in STOPWORDS).upper()
                if acronym in (every, content) and tail[0].lower() not in STOPWORDS:
                    found.setdefault(acronym, " ".join(tail))
                    break
    return found | _initials(names, found)


def _initials(names: list[str], known: dict[str, str]) -> dict[str, str]:
    """Acronyms never defined in brackets but spelled by a run of capitalised words printed elsewhere:
    `WLC's net budget` beside `West Lothian Council's net budget`. Only an unambiguous run counts."""
    runs: dict[str, set[str]] = {}
    for name in names:
        for match in _CAPITALISED_RUN.finditer(name):
            words = [w for w in match[0].split() if w[0].isupper()]
            runs.setdefault("".join(w[0] for w in words), set()).add(" ".join(match[0].split()))
    found = {}
    for name in names:
        for acronym in _CAPITALS.findall(name):
            unknown = acronym not in known and acronym not in ("HR", "IT", "ICT")
            if unknown and len(runs.get(acronym, ())) == 1:
                found[acronym] = next(iter(runs[acronym]))
    return found


def normalise_name(name: str, acronyms: dict[str, str] | None = None) -> str:
    """Lower case, punctuation gone, abbreviations and known acronyms spelled out, `services` -> `service`."""
    text = name
    for acronym, expansion in (acronyms or {}).items():
        text = re.sub(rf"\(\s*{acronym}\s*\)", " ", text)  # `Customer Service Centre (CSC)`
        text = re.sub(rf"\b{acronym}\b", expansion, text)  # `the CSC`
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    text = text.lower()
    for pattern, replacement in _REPLACEMENTS:
        text = pattern.sub(replacement, text)
    text = _NOT_WORD.sub(" ", text)
    return " ".join(text.split())


def sorted_tokens(text: str) -> str:
    """The words in alphabetical order: `ratio` of two of these is `token_sort_ratio` of the originals,
    and rapidfuzz scores it many times faster in bulk."""
    return " ".join(sorted(text.split()))


def content_words(text: str) -> str:
    """A normalised name without its small words (`the`, `of`, `per` ...)."""
    return " ".join(w for w in text.split() if w not in STOPWORDS)


def content_sort_ratio(a: str, b: str, **kwargs: object) -> float:
    """token_sort_ratio on the content words only: `Number of new homes` = `The number of new homes`."""
    return fuzz.token_sort_ratio(content_words(a), content_words(b), **kwargs)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def unmatched_words(a: str, b: str) -> tuple[list[str], list[str]]:
    """Content words of each name with no counterpart in the other (plurals and near-spellings match)."""
    words_a = [_stem(w) for w in content_words(a).split()]
    words_b = [_stem(w) for w in content_words(b).split()]

    def alone(words: list[str], other: list[str]) -> list[str]:
        return [w for w in words if not any(w == x or fuzz.ratio(w, x) >= 80 for x in other)]

    return alone(words_a, words_b), alone(words_b, words_a)


def differs_in_kind(a: str, b: str) -> bool:
    """Two names that say different things, however close their letters: each has a word the other
    lacks (`… received by Legal Services` / `… by Building Services`), or only one is negated."""
    only_a, only_b = unmatched_words(a, b)
    if only_a and only_b:
        return True
    return bool(NEGATIONS & set(a.split())) != bool(NEGATIONS & set(b.split()))


def guarded_token_sort_ratio(a: str, b: str, **kwargs: object) -> float:
    """token_sort_ratio, but 0 for names that differ in kind (a substituted word, a negation)."""
    if differs_in_kind(a, b):
        return 0.0
    return fuzz.token_sort_ratio(a, b, **kwargs)


SCORERS: dict[str, Scorer] = {
    "ratio": fuzz.ratio,
    "partial_ratio": fuzz.partial_ratio,
    "token_sort_ratio": fuzz.token_sort_ratio,
    "token_set_ratio": fuzz.token_set_ratio,
    "partial_token_sort_ratio": fuzz.partial_token_sort_ratio,
    "WRatio": fuzz.WRatio,
    "QRatio": fuzz.QRatio,
    "content_sort_ratio": content_sort_ratio,
    "guarded_token_sort_ratio": guarded_token_sort_ratio,
}

# Chosen by benchmarks/registry_thresholds.py on tests/fixtures/indicator_name_pairs.csv.
NAME_SCORER = "guarded_token_sort_ratio"
NAME_THRESHOLD = 94.0
# Queries are scored against names in blocks of this many, to bound memory.
SCORE_BLOCK = 2000


def alike_pairs(queries: list[str], names: list[str]) -> list[tuple[int, int, float]]:
    """(i, j, score) for every query i and name j whose token_sort_ratio reaches `NAME_THRESHOLD`.

    This is the bulk half of `NAME_SCORER`: rapidfuzz's `cdist` scores every pair on all cores, a
    block of queries at a time so that memory stays bounded, and only the few pairs it keeps need
    the `differs_in_kind` guard. Tokens are sorted once here, so that the bulk scorer is plain
    `ratio`.
    """
    if not queries or not names:
        return []
    sorted_names = [sorted_tokens(n) for n in names]
    found: list[tuple[int, int, float]] = []
    for start in range(0, len(queries), SCORE_BLOCK):
        scores = process.cdist(
            [sorted_tokens(q) for q in queries[start : start + SCORE_BLOCK]],
            sorted_names,
            scorer=fuzz.ratio,
            score_cutoff=NAME_THRESHOLD,
            dtype=np.float32,
            workers=-1,
        )
        for i, j in zip(*np.nonzero(scores), strict=True):
            found.append((start + int(i), int(j), float(scores[i, j])))
    return found
