"""Precision and recall of name matching, per scorer and threshold, to choose the registry's setting.

Two measures, both from the seeds:

1. Labelled pairs (`tests/fixtures/indicator_name_pairs.csv`): two printed names of the same
   indicator, or of different ones (near-misses included: the customer-satisfaction and complaints
   indicators of different units, `emergency` / `non-emergency`). A pair is predicted "same" when
   its score reaches the threshold.
2. Codes hidden: every printed variant of a coded indicator in the seeds is matched by name
   against every other variant of the same council, as a mention printed without its code would
   be. Right when the best match at or above the threshold carries the same code; a variant whose
   code is printed nowhere else should stay unlinked.

    python benchmarks/registry_thresholds.py [--raw raw] [--all]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

from rapidfuzz import process

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.document_metadata import resolve  # noqa: E402
from pipeline.extract import extract_document  # noqa: E402
from pipeline.linking.names import (  # noqa: E402
    NAME_SCORER,
    NAME_THRESHOLD,
    SCORERS,
    learn_acronyms,
    normalise_name,
)
from pipeline.reading import SUFFIXES, read_document  # noqa: E402
from pipeline.records import MentionRecord  # noqa: E402

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "indicator_name_pairs.csv"
THRESHOLDS = list(range(70, 101))


def plain(name: str, acronyms: dict[str, str] | None = None) -> str:
    """The baseline: lower case and whitespace only."""
    return " ".join(name.lower().split())


NORMALISERS = {"plain": plain, "normalised": normalise_name}


def load_pairs(path: Path = PAIRS) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def pair_scores(pairs: list[dict], scorer: str, normaliser: str) -> list[tuple[float, bool]]:
    acronyms = learn_acronyms([p["name_a"] for p in pairs] + [p["name_b"] for p in pairs])
    norm = NORMALISERS[normaliser]
    return [
        (SCORERS[scorer](norm(p["name_a"], acronyms), norm(p["name_b"], acronyms)), p["label"] == "same")
        for p in pairs
        if p["label"] in ("same", "different")
    ]


def precision_recall(scored: list[tuple[float, bool]], threshold: float) -> tuple[float, float, int, int]:
    tp = sum(1 for s, same in scored if same and s >= threshold)
    fp = sum(1 for s, same in scored if not same and s >= threshold)
    positives = sum(1 for _, same in scored if same)
    precision = tp / (tp + fp) if tp + fp else 1.0
    return precision, tp / positives if positives else 1.0, tp, fp


def seed_variants(raw: Path) -> dict[str | None, list[tuple[str, str]]]:
    """council -> distinct (code, printed name) of every coded mention in the seeds."""
    found: dict[str | None, set[tuple[str, str]]] = defaultdict(set)
    for path in sorted(raw.iterdir()):
        if path.suffix.lower() not in SUFFIXES:
            continue
        doc = read_document(path, path.name)
        meta, _ = resolve(doc, None)
        for record in extract_document(doc, meta).records:
            if isinstance(record, MentionRecord) and record.code_printed and record.name:
                found[meta.council].add((record.code_printed.lower(), record.name))
    return {council: sorted(variants) for council, variants in found.items()}


def hidden_code_scores(variants: dict, scorer: str, normaliser: str) -> list[tuple[str, float | None, str]]:
    """(right code, best score, best code) for each variant matched against the others of its council."""
    results = []
    norm = NORMALISERS[normaliser]
    for council_variants in variants.values():
        acronyms = learn_acronyms(name for _, name in council_variants)
        names = [norm(name, acronyms) for _, name in council_variants]
        for i, (code, _) in enumerate(council_variants):
            choices = {j: names[j] for j in range(len(names)) if j != i}
            best = process.extractOne(names[i], choices, scorer=SCORERS[scorer])
            if best is None:
                results.append((code, None, ""))
            else:
                results.append((code, best[1], council_variants[best[2]][0]))
    return results


def hidden_code_measure(
    results: list, threshold: float, answerable: set[str], two_codes: set[frozenset[str]]
) -> tuple[float, float, int, int]:
    """Precision and recall; a link between two codes printed with one name is neither right nor wrong."""
    linked = [(code, got) for code, score, got in results if score is not None and score >= threshold]
    right = sum(1 for code, got in linked if got == code)
    wrong = sum(1 for code, got in linked if got != code and frozenset((code, got)) not in two_codes)
    total = sum(1 for code, _, _ in results if code in answerable)
    return right / (right + wrong) if right + wrong else 1.0, right / total if total else 1.0, right, wrong


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--raw", type=Path, default=Path(__file__).resolve().parents[1] / "raw")
    parser.add_argument("--all", action="store_true", help="print every threshold, not only the best")
    args = parser.parse_args()

    pairs = load_pairs()
    two_codes = {
        frozenset((p["code_a"].lower(), p["code_b"].lower())) for p in pairs if p["label"] == "two_codes"
    }
    counts = {label: sum(p["label"] == label for p in pairs) for label in ("same", "different", "two_codes")}
    print(
        f"labelled pairs: {counts['same']} same, {counts['different']} different "
        f"({counts['two_codes']} 'one name, two codes' pairs left to the audit, not scored)\n"
    )
    variants = seed_variants(args.raw)
    codes_seen: dict[str, int] = defaultdict(int)
    for council_variants in variants.values():
        for code, _ in council_variants:
            codes_seen[code] += 1
    answerable = {code for code, n in codes_seen.items() if n > 1}
    n_variants = sum(len(v) for v in variants.values())
    n_answerable = sum(1 for v in variants.values() for c, _ in v if c in answerable)
    print(f"codes hidden: {n_variants} printed variants, {n_answerable} with another variant of their code\n")

    header = (
        f"{'normaliser':11} {'scorer':25} {'thr':>4}  {'pairs P':>7} {'R':>5} {'fp':>3}  "
        f"{'hidden P':>8} {'R':>5} {'wrong':>5}"
    )
    print(header)
    print("-" * len(header))
    for normaliser in NORMALISERS:
        for scorer in SCORERS:
            scored = pair_scores(pairs, scorer, normaliser)
            hidden = hidden_code_scores(variants, scorer, normaliser)
            rows = []
            for threshold in THRESHOLDS:
                p, r, _, fp = precision_recall(scored, threshold)
                hp, hr, _, wrong = hidden_code_measure(hidden, threshold, answerable, two_codes)
                rows.append((threshold, p, r, fp, hp, hr, wrong))
            # best: no false link on either measure at this threshold nor one point below it (a margin,
            # the set being small), then the highest recall, then the lowest threshold
            clean_at = {row[0] for row in rows if row[3] == 0 and row[6] == 0}
            clean = [row for row in rows if row[0] in clean_at and row[0] - 1 in clean_at]
            shown = rows if args.all else [max(clean, key=lambda x: (x[2] + x[5], -x[0]))] if clean else []
            for threshold, p, r, fp, hp, hr, wrong in shown:
                mark = (
                    " <- chosen"
                    if (scorer, float(threshold), normaliser) == (NAME_SCORER, NAME_THRESHOLD, "normalised")
                    else ""
                )
                print(
                    f"{normaliser:11} {scorer:25} {threshold:4}  {p:7.3f} {r:5.3f} {fp:3}  "
                    f"{hp:8.3f} {hr:5.3f} {wrong:5}{mark}"
                )
            if not shown:
                print(f"{normaliser:11} {scorer:25}  (no threshold without a false link)")

    print(f"\nchosen setting ({NAME_SCORER} >= {NAME_THRESHOLD:g}, normalised) at every threshold:")
    scored = pair_scores(pairs, NAME_SCORER, "normalised")
    hidden = hidden_code_scores(variants, NAME_SCORER, "normalised")
    for threshold in THRESHOLDS[::2]:
        p, r, tp, fp = precision_recall(scored, threshold)
        hp, hr, right, wrong = hidden_code_measure(hidden, threshold, answerable, two_codes)
        print(
            f"  {threshold:4}  pairs P {p:.3f} R {r:.3f} (tp {tp}, fp {fp})   "
            f"hidden P {hp:.3f} R {hr:.3f} (right {right}, wrong {wrong})"
        )


if __name__ == "__main__":
    main()
