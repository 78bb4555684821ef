"""Printed performance-indicator mentions: `P:HRS516_Name`, `CP: HRS103 Name`, `PIS560_9b.1cName`,
`SSHC Indicator 34_Name` (a scheme of `data/words.yml`), `New indicator HQS083_ 9b Name`, or a bare name.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from pipeline.normalise import clean_text
from pipeline.wording import printed_words

_PREFIX = re.compile(r"^\s*(?:(?P<new>new\s+indicator)\s*[:\-]?\s*)?(?P<flag>CP|P)\s*:\s*", re.I)
_NEW = re.compile(r"^\s*new\s+indicator\s*[:\-]?\s*", re.I)
# an indicator numbered in words by a scheme of data/words.yml: `SSHC Indicator 34` is SSHC34
_SCHEMES = "|".join(re.escape(s) for s in printed_words().indicator_schemes) or r"(?!)"
_SCHEMED = re.compile(rf"^\s*(?P<scheme>{_SCHEMES})\s+Indicator\s+(?P<num>\d+(?:\.\d+)?)\s*[_:\-]?\s*", re.I)
# how a printed indicator starts, for telling an indicator's cell from prose: its code or scheme
# words, after a `P:` or `CP:` flag
CODE_START = re.compile(rf"^(?:(?:CP|P)\s*:\s*)?(?:(?:{_SCHEMES})\s+Indicator|[A-Za-z]{{2,}}\d+)", re.I)
# A code: letters (one capital at least) then digits, an optional `.n` part and a letter suffix.
_CODE = re.compile(r"^\s*(?P<code>[A-Za-z]{2,}\d+(?:\.\d+)?[a-z]?(?:_\d+(?=\s))?)(?=[_\s:]|$)")
# A WLAM category printed after the code: `9b`, `9b.1c`, `6a.7`, `9a1a`; the name may follow
# after `_`, a space, a dash, or glued on (`9b.1cThe percentage`).
_CATEGORY = re.compile(r"^[_\s]*(?P<cat>\d{1,2}[a-z](?:\.?\d{1,2}[a-z]?)?)(?=[_\s\-–]|[A-Z]|$)")
_TARGET = re.compile(r"[\s:;,.]*\bTarget\b\s*(?::|(?=[£\d*])).*$", re.S)
# A footnote about the target printed after the name: `… users *Target changed at months 6 & 12 …`.
_TARGET_NOTE = re.compile(r"\s+\*\s*Target\b.*$", re.S | re.I)
# A target stated in brackets: `LLPG Completeness (National Gold Target = 99.00%)`.
_BRACKET_TARGET = re.compile(r"\s*\([^()]*\bTarget\b[^()]*\)", re.I)
# A stray word left before a code, such as the text of a link in the cell above:
# `CustomerServiceStrategy CSC059a_Percentage of …`. Only a code glued to `_` is trusted here.
_LEAD_WORD = re.compile(r"^\s*[A-Za-z]+\s+(?=(?:(?:CP|P)\s*:\s*)?[A-Za-z]{2,}\d+[A-Za-z0-9.]*_)")

# What an indicator name is not. A name is a short noun phrase naming a measure; a cell may also
# print a link, a pointer to where measures are published, a placeholder, or a sentence run on
# after the name. These are kept in the row's text, never made into an indicator's name.
PLACEHOLDERS = frozenset({"n/a", "na", "n.a.", "tbc", "tbd", "tba", "various", "none", "nil", "see above", "as above"})
# Phrases that point elsewhere: the text around them is about a document, not a measure.
SIGNPOSTS = ("available at", "available from", "available on", "available via", "can be found",
             "click here", "please see", "see appendix", "see attached", "follow the link", "more information")
_LINK = re.compile(r"\(?\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov|org|co|ac|nhs)\.uk\S*", re.I)
_SIGNPOST = re.compile(r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in SIGNPOSTS) + r")\b", re.I)
# Abbreviations whose full stop does not end a sentence: `No. of`, `St. Helens`.
_ABBREVIATED = ("No", "no", "St", "Nos", "approx", "inc", "incl", "e.g", "i.e", "etc", "vs", "Dr", "Mr", "Mrs")
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z])")


class Mention(BaseModel):
    """One printed indicator, split into the parts SCHEMA.md names."""

    text: str
    code: str | None = None
    public: bool = False
    corporate_plan: bool = False
    category: str | None = None
    name: str
    new: bool = False

    @property
    def is_indicator(self) -> bool:
        """A code makes an indicator; without one, only a name that names a measure does."""
        return self.code is not None or names_a_measure(self.name, self.text)


def names_a_measure(name: str, printed: str = "") -> bool:
    """Whether a name (cut from `printed` by `parse_mention`) can name a measure: it has words, is not
    a placeholder, and the text it was printed in does not point elsewhere (`… Available at: …`)."""
    if not re.search(r"[A-Za-z]", name) or name.strip().lower() in PLACEHOLDERS:
        return False
    return not _SIGNPOST.search(printed or name)


def _first_phrase(text: str) -> str:
    """The name up to a link, a pointer elsewhere or a second sentence run on after it."""
    for pattern in (_LINK, _SIGNPOST):
        found = pattern.search(text)
        if found:
            text = text[: found.start()]
    for end in _SENTENCE_END.finditer(text):
        before = text[: end.start()].split()
        if before and before[-1].lstrip("(") not in _ABBREVIATED:
            return text[: end.start()]
    return text


def parse_mention(printed: str) -> Mention:
    text = clean_text(printed)
    rest = _LEAD_WORD.sub("", text, count=1)
    public = corporate_plan = new = False
    if _NEW.match(rest):
        new = True
        rest = _NEW.sub("", rest, count=1)
    prefix = _PREFIX.match(rest)
    if prefix:
        corporate_plan = prefix["flag"].upper() == "CP"
        public = not corporate_plan
        rest = rest[prefix.end():]
    if _NEW.match(rest):
        new = True
        rest = _NEW.sub("", rest, count=1)
    code = None
    schemed = _SCHEMED.match(rest)
    if schemed:
        code = f"{schemed['scheme'].upper()}{schemed['num']}"
        rest = rest[schemed.end():]
    else:
        found = _CODE.match(rest)
        if found and re.search(r"[A-Z]", found["code"]) and re.search(r"\d", found["code"]):
            code = found["code"]
            rest = rest[found.end():]
    category = None
    if code:
        cat = _CATEGORY.match(rest)
        if cat:
            category = cat["cat"]
            rest = rest[cat.end():]
    name = _BRACKET_TARGET.sub("", _first_phrase(rest))
    name = _TARGET_NOTE.sub("", name)
    name = _TARGET.sub("", name)
    name = name.strip(" _:-–").strip()
    name = name.rstrip(" .:;,")
    return Mention(
        text=text, code=code, public=public, corporate_plan=corporate_plan,
        category=category, name=name, new=new,
    )


_MENTION_START = re.compile(
    r"(?:(?<=\s)|^)(?:New\s+indicator\s*)?(?:(?:CP|P)\s*:\s*)?"
    rf"(?:(?:{_SCHEMES})\s+Indicator\s+\d+|"
    r"(?=[A-Za-z]*[A-Z])[A-Za-z]{2,}\d+(?:\.\d+)?[a-z]?)(?=[_\s:]|$)"
)
_TARGET_VALUE = re.compile(
    r"\bTarget\b\s*:?\s*(?P<raw>(?:£\s*)?-?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:\s*%)?(?:\s+(?-i:[a-z][a-z.]*)){0,3}"
    r"|\*\*|N/?A\b|TBC\b)",
    re.I,
)


def split_indicators(cell: str) -> list[tuple[str, str | None]]:
    """An indicator cell -> [(indicator text, target as printed or None)].

    One cell may hold several indicators, each starting with its code and ending with its own
    `Target: value`. A cell with no code is one indicator.
    """
    text = clean_text(cell)
    starts = [m.start() for m in _MENTION_START.finditer(text)]
    if starts and starts[0] != 0 and _LEAD_WORD.match(text):
        starts[0] = 0  # a stray word before the first code belongs to no indicator
    if not starts or starts[0] != 0:
        starts = [0] + starts
    pieces: list[tuple[str, str | None]] = []
    for i, begin in enumerate(starts):
        segment = text[begin:starts[i + 1] if i + 1 < len(starts) else len(text)].strip()
        if not segment:
            continue
        target = _TARGET_VALUE.search(segment)
        if target:
            name = segment[:target.start()].rstrip(" :;,.")
            pieces.append((name, target["raw"].strip()))
        else:
            pieces.append((segment, None))
    return pieces
