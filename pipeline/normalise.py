"""Normalisation rules of SCHEMA.md: money, measured values, periods, months, statuses, text.

Each function takes a cell as printed and returns the stored value; none of them guesses. A value
that cannot be read is returned as None and the printed text is kept by the caller.
"""

from __future__ import annotations

import html
import math
import re
from functools import cache, lru_cache

from rapidfuzz import process

from pipeline.wording import phrase_pattern, printed_words

# HTML elements a conversion leaves in a plan's text. Only these are tags: `<5% of cases and >20
# days` and `a < b > c` are text, kept as printed.
HTML_ELEMENTS = frozenset("""
    a abbr b big blockquote body br caption center cite code col colgroup dd del div dl dt em font
    footer h1 h2 h3 h4 h5 h6 head header hr html i img ins li link mark meta nav o:p ol p pre q s
    section small span strike strong style sub sup table tbody td tfoot th thead title tr u ul
""".split())
_TAG = re.compile(
    r"<!--.*?-->"  # a comment
    r"|</?(?P<name>[A-Za-z][A-Za-z0-9]*(?::[A-Za-z]+)?)"  # <name or </name
    r"(?:\s+[A-Za-z_:][-\w:.]*\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))*"  # name=value attributes
    r"\s*/?>",
    re.S,
)


def _strip_tags(text: str) -> str:
    return _TAG.sub(lambda m: " " if m["name"] is None or m["name"].lower() in HTML_ELEMENTS else m[0], text)
_BULLETS = re.compile(r"(?:^|(?<=\s))[◆•●▪■◦·]\s*|^\s*[-*]\s+|(?<=\n)\s*[-*]\s+")
_LATEX = {r"\pounds": "£", r"\%": "%", r"\&": "&", r"\euro": "€", r"\$": "$", r"\_": "_"}
_SPACE = re.compile(r"\s+")
# Conversion debris: markdown heading marks and bold, LaTeX commands, image placeholders.
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_MARKDOWN_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_LATEX_POUND = re.compile(r"\\pounds\b\s*")
_LATEX_COMMAND = re.compile(r"\\(?:textbf|textit|emph|underline|text)\{([^{}]*)\}")
_IMAGE = re.compile(r"Image:\s.*?(?=\s{3,}|\t|$)", re.M)


def _without_debris(text: str) -> str:
    """One piece of printed text without conversion debris: image placeholders, LaTeX, markdown
    heading and bold marks, HTML tags and entities (which may spell tags out)."""
    text = _IMAGE.sub(" ", text)
    text = _LATEX_POUND.sub("£", text)
    text = _LATEX_COMMAND.sub(r"\1", text)
    for macro, char in _LATEX.items():
        text = text.replace(macro, char)
    text = _MARKDOWN_BOLD.sub(r"\2", _MARKDOWN_HEADING.sub("", text))
    return _strip_tags(html.unescape(_strip_tags(text)))


@lru_cache(maxsize=1 << 16)  # the same cells and headers are cleaned many times over in one document
def clean_text(value: str | None) -> str:
    """Collapse whitespace and drop conversion debris: HTML tags and entities, bullets, LaTeX,
    markdown heading and bold marks, `Image:` placeholders."""
    if not value:
        return ""
    text = _without_debris(value).replace("`", "'").replace("\u00a0", " ")
    text = _BULLETS.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    return text


def strip_debris(value: str) -> str:
    """The printed text without conversion debris, its lines and tab-separated cells kept: for
    `source_text`, which shows a row as read but must not carry HTML, LaTeX or markdown marks."""
    lines = []
    for line in value.split("\n"):
        cells = []
        for cell in line.split("\t"):
            text = _without_debris(cell)
            cells.append(re.sub(r" {2,}", " ", text).strip() if text != cell else cell)
        lines.append("\t".join(cells))
    return "\n".join(lines)


def clean_or_none(value: str | None) -> str | None:
    text = clean_text(value)
    return text or None


_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"

# The largest magnitude SQLite stores as an integer (and JSON as a finite number). A printed figure
# beyond it is no amount a plan can mean: it is read as "not a number", and its printed text kept.
MAX_MAGNITUDE = 2**63 - 1


def in_range(number: float | None) -> bool:
    """True for a finite number the database and JSON can hold (see MAX_MAGNITUDE)."""
    return number is not None and math.isfinite(number) and abs(number) <= MAX_MAGNITUDE


def parse_money(raw: str | None) -> float | None:
    """`(30,579)` -> -30579; `364,258` -> 364258; `£108,500` -> 108500. Not a number -> None."""
    if raw is None:
        return None
    text = raw.strip().replace("£", "").replace(" ", "")
    if not text:
        return None
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    if text.startswith("-") or text.startswith("−"):
        negative, text = True, text[1:]
    if not re.fullmatch(_NUMBER, text):
        return None
    number = float(text.replace(",", ""))
    if not in_range(number):
        return None
    return -number if negative else number


def is_money(raw: str | None) -> bool:
    return parse_money(raw) is not None


def whole(number: float | None) -> int | float | None:
    """Store integral amounts as integers so that CSV shows `364258`, not `364258.0`."""
    if number is None or not in_range(number):
        return None
    return int(number) if float(number).is_integer() else number


def pounds(number: float | None) -> int | None:
    """Budget amounts are whole pounds (SCHEMA.md)."""
    return int(round(number)) if in_range(number) else None


_VALUE = re.compile(rf"^\s*(?P<neg>[-−])?\s*(?P<pound>£)?\s*(?P<num>{_NUMBER})\s*(?P<rest>.*)$", re.S)
_UNIT_WORDS = {"day": "days", "days": "days", "hour": "hours", "hours": "hours", "hrs": "hours"}


def parse_measure(raw: str | None) -> tuple[float | None, str | None]:
    """A scorecard or target cell -> (value, unit). `**`, `N/a`, prose -> (None, None)."""
    if raw is None:
        return None, None
    text = clean_text(raw)
    match = _VALUE.match(text)
    if not match:
        return None, None
    value = float(match["num"].replace(",", ""))
    if not in_range(value):
        return None, None
    if match["neg"]:
        value = -value
    rest = match["rest"].strip()
    unit = None
    if match["pound"]:
        unit = "£"
    elif rest.startswith("%"):
        unit = "%"
    else:
        word = re.match(r"[A-Za-z]+", rest)
        if word and word.group(0).lower() in _UNIT_WORDS:
            unit = _UNIT_WORDS[word.group(0).lower()]
    return whole(value), unit


_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[/\-–]\s*((?:19|20)?\d{2})(?!\d)")


def parse_period(raw: str | None) -> str | None:
    """`2020/21`, `2021/2022`, `2020-21` -> `2020/21` (the first financial year printed)."""
    if not raw:
        return None
    match = _PERIOD.search(raw)
    if not match:
        return None
    start, end = match.group(1), match.group(2)
    end2 = end[-2:]
    if int(end2) != (int(start) + 1) % 100:
        return None
    return f"{start}/{end2}"


_QUARTER = re.compile(r"\b(?:quarter|qtr|q)\s*([1-4])\b", re.I)


def quarter_number(raw: str | None) -> int | None:
    """`Quarter 3`, `Qtr 3`, `Q3` -> 3."""
    match = _QUARTER.search(raw or "")
    return int(match.group(1)) if match else None


def parse_quarter_period(raw: str | None) -> str | None:
    """`Q2 2024/25 Actual` -> `2024/25 Q2`; a header naming no quarter gives its year alone."""
    period = parse_period(raw)
    quarter = quarter_number(raw) if period else None
    return f"{period} Q{quarter}" if quarter else period


def all_periods(raw: str) -> list[str]:
    found = []
    for match in _PERIOD.finditer(raw or ""):
        period = parse_period(match.group(0))
        if period:
            found.append(period)
    return found


def previous_period(period: str) -> str:
    start = int(period[:4]) - 1
    return f"{start}/{(start + 1) % 100:02d}"


MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
_MONTH_ABBREVIATIONS = {name[:3]: number for name, number in MONTHS.items()} | {"sept": 9}
_MONTH_DATE = re.compile(r"([A-Za-z]+)\.?\s*,?\s*((?:19|20)\d{2})")


def month_number(word: str) -> int | None:
    word = word.lower().strip(".")
    if word in MONTHS:
        return MONTHS[word]
    if word in _MONTH_ABBREVIATIONS:
        return _MONTH_ABBREVIATIONS[word]
    if len(word) >= 3:
        best = process.extractOne(word, list(MONTHS), score_cutoff=80)
        if best:
            return MONTHS[best[0]]
    return None


def parse_month(raw: str | None) -> str | None:
    """`April 2018` -> `2018-04`; misspelt months (`Mach 2020`) are matched fuzzily."""
    if not raw:
        return None
    text = clean_text(raw)
    match = _MONTH_DATE.search(text)
    if match:
        month = month_number(match.group(1))
        if month:
            return f"{match.group(2)}-{month:02d}"
    short = re.fullmatch(r"([A-Za-z]+)\.?\s+'?(\d{2})", text)
    if short and month_number(short.group(1)):
        return f"20{short.group(2)}-{month_number(short.group(1)):02d}"
    numeric = re.search(r"\b(\d{1,2})/((?:19|20)\d{2})\b", text)
    if numeric and 1 <= int(numeric.group(1)) <= 12:
        return f"{numeric.group(2)}-{int(numeric.group(1)):02d}"
    return None


@cache
def _status_spellings() -> list[tuple[re.Pattern[str], str]]:
    words = printed_words().status_spellings
    return [(re.compile(rf"\b(?:{phrase_pattern(spellings)})\b", re.I), stored) for stored, spellings in words.items()]


def parse_status(raw: str | None) -> str | None:
    """A status as printed, lower-cased, with its spellings made one (`on-going` -> `ongoing`)."""
    text = clean_text(raw).lower()
    if not text:
        return None
    for pattern, stored in _status_spellings():
        text = pattern.sub(stored, text)
    return text


@cache
def _pi_categories() -> tuple[re.Pattern[str], dict[str, str]]:
    """The pattern of every printed PI category, and the stored category by its letters."""
    categories = printed_words().pi_categories
    stored = {re.sub(r"\W+", "", w.lower()): category for category, ws in categories.items() for w in ws}
    printed = [w for ws in categories.values() for w in ws]
    return re.compile(phrase_pattern(printed), re.I), stored


def parse_pi_categories(raw: str | None) -> list[str]:
    """`High Level Public` -> [`High Level`, `Public`], in printed order."""
    pattern, stored = _pi_categories()
    return [stored[re.sub(r"\W+", "", m.group(0).lower())] for m in pattern.finditer(raw or "")]


def is_pi_category_cell(raw: str) -> bool:
    text = clean_text(raw)
    return bool(text) and not _pi_categories()[0].sub("", text).strip()
