"""Telling a printed title from the description that a conversion ran on after it.

A project cell printed as a bold title over a sentence reaches us as one string:
`Digital by Design To assist in the definition …`, `PSN CoCo Retain PSN CoCo compliance …`.
The title is a name (capitalised words and small connectives); the description starts where a
sentence starts: `To` and a verb, an imperative verb, or a capitalised word followed by
lower-case words. Bold marks, where the conversion kept them, say it outright.
"""

from __future__ import annotations

import re

from pipeline.normalise import clean_text

# Small words that a name may hold in lower case.
CONNECTIVES = {"and", "&", "of", "for", "the", "in", "on", "to", "by", "via", "with", "a", "an", "or", "at"}
# Words that begin a sentence, so a cell starting with one has no title of its own.
SENTENCE_OPENERS = {"the", "this", "these", "a", "an", "to", "it", "our", "we", "there"}
# Imperative verbs that open a description after a title (`PSN CoCo Retain PSN CoCo compliance`).
DESCRIPTION_VERBS = {
    "retain", "deliver", "provide", "ensure", "undertake", "introduce", "maintain", "migrate",
    "establish", "identify", "consider",
}
# Words that are verbs or nouns (`Work with …`, `Network Upgrade`): a verb only before a small word.
VERB_OR_NOUN = {"work", "review", "develop", "support", "upgrade", "replace", "manage", "roll", "complete"}
_BOLD = re.compile(r"^\s*((?:<b>.*?</b>\s*)+)(.*)$", re.S | re.I)
_WORD = re.compile(r"\S+")


def _is_lower(word: str) -> bool:
    return word[:1].islower()


def _is_capital(word: str) -> bool:
    return word[:1].isupper()


def _description_start(words: list[str]) -> int | None:
    """Index of the word where the description starts, or None when there is none."""
    candidates = []
    for i in range(1, len(words) - 1):
        word, following = words[i], words[i + 1:i + 4]
        if not _is_capital(word):
            continue
        if word == "To" and _is_lower(following[0]):
            candidates.append(i)
        elif word.lower() in DESCRIPTION_VERBS and following:
            candidates.append(i)
        elif word.lower() in VERB_OR_NOUN and following[0] in CONNECTIVES:
            candidates.append(i)
        elif _is_lower(following[0]) and sum(_is_lower(w) for w in following) >= 2 and len(following) >= 2:
            candidates.append(i)
    return min(candidates) if candidates else None


def opens_sentence(text: str) -> bool:
    """Does the text start like a sentence (`The CSW Broadband project will …`), not a name?"""
    words = _WORD.findall(clean_text(text))
    if not words:
        return False
    if _is_lower(words[0]):
        return True
    return words[0].lower() in SENTENCE_OPENERS and any(
        _is_lower(w) and w.lower() not in CONNECTIVES for w in words[1:4]
    )


def split_title(printed: str) -> tuple[str | None, str | None]:
    """(title, description) of a cell printed as a title followed by its description."""
    bold = _BOLD.match(printed or "")
    if bold and clean_text(bold.group(2)):
        return clean_text(bold.group(1)) or None, clean_text(bold.group(2))
    # a conversion may glue the description on: `Registration ServiceTo record all …`
    text = re.sub(r"(?<=[a-z])(?=To\s+[a-z])", " ", clean_text(printed))
    if not text:
        return None, None
    if opens_sentence(text):
        return None, text
    words = _WORD.findall(text)
    start = _description_start(words)
    if start is None:
        return text, None
    return " ".join(words[:start]), " ".join(words[start:])


def is_heading_like(text: str, max_words: int = 8) -> bool:
    """A short name in title case (`ICT Governance & Management`), not a sentence or fragment."""
    text = clean_text(text)
    words = _WORD.findall(text)
    if not words or len(words) > max_words or text.endswith((".", ",", ";", ":")):
        return False
    return all(_is_capital(w) or w.lower() in CONNECTIVES or not w[:1].isalpha() for w in words)


def is_finished(text: str) -> bool:
    """Does the text end a sentence (so a following line is not its continuation)?"""
    return clean_text(text).endswith((".", "!", "?", ")", ":"))
