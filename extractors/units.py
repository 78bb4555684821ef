"""Naming rows after the plan's units: a scorecard prints `Human Resources and Support Services`
for the unit whose section is headed `HR and Support Services`.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from extractors.base import Context

ABBREVIATIONS = {"hr": "human resources", "it": "information technology", "ict": "information technology"}
# How alike a printed unit name and a section heading must be to be taken for the same unit.
UNIT_SIMILARITY = 85


def _expand(name: str) -> str:
    words = re.findall(r"[a-z]+", name.lower().replace("&", " and "))
    words = [ABBREVIATIONS.get(w, w) for w in words]
    words = [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words]
    return " ".join(w for w in words if w not in {"and", "the", "of"})


def resolve_unit(printed: str, ctx: Context) -> str:
    """The plan's unit that a printed unit name refers to, or the printed name itself."""
    target = _expand(printed)
    best, best_score = None, 0.0
    for unit in ctx.units:
        candidate = _expand(unit)
        score = max(fuzz.token_set_ratio(target, candidate), fuzz.ratio(target, candidate))
        if score > best_score:
            best, best_score = unit, score
    return best if best is not None and best_score >= UNIT_SIMILARITY else printed
