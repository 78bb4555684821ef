"""Mend words that a conversion split: inside a cell (`Pr oject Board`, `Impleme ntation`) and
across the cells of one phrase (`Housing Operati` + `ons`).

A split is mended only when the document proves it: the joined word occurs elsewhere in the
document (and, inside a cell, neither half does and neither is a short word of its own, like `in`
or `to`). Cells are mended; each line's text stays as read, for `source_text`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from pipeline.normalise import clean_text
from pipeline.reading.layout import Document

_WORD = re.compile(r"[A-Za-z]+")
# Short words that are words of their own, however rarely a document prints them.
FUNCTION_WORDS = {
    "a", "an", "the", "in", "to", "on", "at", "of", "by", "up", "it", "is", "as", "or", "and", "for",
    "with", "out", "over", "any", "some", "no", "be", "we", "us", "our", "there", "here", "where",
    "what", "when", "who", "how", "all", "can", "may", "will", "so", "if", "but", "not", "off",
}
_PAIR = re.compile(r"\b(?=([A-Za-z]+) ([a-z]+)\b)")


def split_words(doc: Document) -> dict[str, str]:
    """`halves as printed` -> `joined word`, for every split the document proves."""
    words = Counter(w.lower() for line in doc.lines for w in _WORD.findall(line.text))
    pairs: Counter[tuple[str, str]] = Counter()
    for line in doc.lines:
        for cell in line.cells:
            pairs.update((m.group(1), m.group(2)) for m in _PAIR.finditer(cell))
    mends = {}
    for (left, right), count in pairs.items():
        a, b = left.lower(), right.lower()
        if FUNCTION_WORDS & {a, b}:
            continue
        if words[a] == count and words[b] == count and words[a + b]:
            mends[f"{left} {right}"] = left + right
    return mends


def mend_split_words(doc: Document) -> Document:
    mends = split_words(doc)
    if not mends:
        return doc
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(mends, key=len, reverse=True)) + r")\b")
    lines = []
    for line in doc.lines:
        cells = tuple(pattern.sub(lambda m: mends[m.group(0)], c) for c in line.cells)
        lines.append(line if cells == line.cells else replace(line, cells=cells))
    return replace(doc, lines=lines)


# A caption's words are taken for a phrase the document prints elsewhere when this alike (fuzz.ratio).
CAPTION_LIKENESS = 75
# ... and each replaced word this alike to the word taking its place (`onateggy`/`strategy` 62).
WORD_LIKENESS = 50
_PHRASE_WORDS = range(2, 9)


def known_phrases(doc: Document) -> Counter[str]:
    """Short cells (2-8 words) as the document prints them, with how often."""
    phrases: Counter[str] = Counter()
    for line in doc.lines:
        for cell in line.cells:
            text = " ".join(cell.split())
            if len(text.split()) in _PHRASE_WORDS and _WORD.search(text):
                phrases[text] += 1
    return phrases


_counted: list = [None, Counter()]  # the last document counted and its counts


def word_counts(doc: Document) -> Counter[str]:
    """How often the document prints each word (lower case); counted once per document, not per caption."""
    if _counted[0] is not doc:
        _counted[:] = [doc, Counter(w.lower() for line in doc.lines for w in _WORD.findall(line.text))]
    return _counted[1]


def mend_caption(caption: str, doc: Document, phrases: Counter[str] | None = None) -> str:
    """A caption whose words the conversion garbled (`nousing onateggy and Development`), mended to
    the phrase the document prints correctly elsewhere (`Housing Strategy and Development`).

    Only words printed nowhere else are replaced, only by a phrase printed at least twice, and only
    when the whole run of words is alike enough to that phrase.
    """
    from rapidfuzz import fuzz

    if not caption:
        return caption
    words = word_counts(doc)
    phrases = known_phrases(doc) if phrases is None else phrases
    tokens = caption.split()
    for phrase, count in sorted(phrases.items(), key=lambda p: (-len(p[0]), p[0])):
        wanted = phrase.split()
        if count < 2 or len(wanted) > len(tokens):
            continue
        for start in range(len(tokens) - len(wanted) + 1):
            window = tokens[start:start + len(wanted)]
            differing = [(a, b) for a, b in zip(window, wanted, strict=True) if a != b]
            if not differing or any(not a.isalpha() or words[a.lower()] > 1
                                    or fuzz.ratio(a.lower(), b.lower()) < WORD_LIKENESS for a, b in differing):
                continue
            if fuzz.ratio(" ".join(window).lower(), phrase.lower()) >= CAPTION_LIKENESS:
                tokens[start:start + len(wanted)] = wanted
                return mend_caption(" ".join(tokens), doc, phrases)
    return " ".join(tokens)


def document_words(doc: Document) -> set[str]:
    """Every word of the document, for mending words that a conversion broke in two."""
    words: set[str] = set()
    for line in doc.lines:
        words.update(_WORD.findall(line.text.lower()))
    return words


def join_broken(pieces: Iterable[str], vocab: set[str]) -> str:
    """Join cell pieces of one phrase whose words the conversion split (`Housing Operati`+`ons`).

    Where a piece ends mid-word, the join (with a space, without, or with a doubled letter
    dropped) that gives a word found elsewhere in the document wins.
    """
    text = ""
    for piece in pieces:
        piece = clean_text(piece)
        if not piece:
            continue
        if not text or piece.lower().startswith(text.lower()):
            text = piece  # a cut-off start printed again in full
            continue
        left = re.search(r"([A-Za-z]+)$", text)
        right = re.match(r"([A-Za-z]+)", piece)
        if text[-1].isdigit() and piece[0].isdigit() or text.endswith("/") or piece.startswith("/"):
            text += piece
            continue
        if left and right:
            lw, rw = left.group(1), right.group(1)
            options = [(lw + rw, text + piece)]
            if lw[-1].lower() == rw[0].lower():
                options.append((lw + rw[1:], text + piece[1:]))
            if lw.lower() in vocab and rw.lower() in vocab and not rw[0].islower():
                text = f"{text} {piece}"
                continue
            for word, joined in options:
                if word.lower() in vocab:
                    text = joined
                    break
            else:
                # a lower-case fragment that is no word of its own continues the word before it
                words = all(len(w) >= 4 and w.lower() in vocab for w in (lw, rw))
                glued = rw[0].islower() and not words
                text = text + piece if glued else f"{text} {piece}"
            continue
        text = f"{text} {piece}"
    return text
