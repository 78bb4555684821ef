"""How long linking takes at scale: 50,000 mentions against a registry of 10,000 indicators.

The registry is last year's plans of many councils (one coded mention per indicator); the 50,000
mentions are this year's plans of the same councils and services: most printed with their code,
a share without it (reworded: case, `service`/`services`, `£1m`/`£1 million`, a dropped `the`),
some renumbered and some brand new. Prints the time of each part and how the mentions linked.

    python benchmarks/registry_speed.py [--indicators 10000] [--mentions 50000] [--councils 32]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.linking.conflicts import registry_conflicts  # noqa: E402
from pipeline.linking.registry import PlanInfo, build_registry  # noqa: E402
from pipeline.records import MentionRecord  # noqa: E402

MEASURES = [
    "Percentage of",
    "Number of",
    "Total number of",
    "Average time to process",
    "Unit cost of",
    "Cost per £1m of",
    "Proportion of",
    "Average length of time for",
]
OBJECTS = [
    "housing repairs",
    "planning applications",
    "council tax bills",
    "freedom of information requests",
    "library loans",
    "complaints",
    "invoices",
    "school meals",
    "street lighting faults",
    "homeless presentations",
    "bulky uplifts",
    "benefit claims",
    "licence applications",
    "website transactions",
    "calls answered",
    "rent arrears cases",
    "gas services",
    "new tenancies",
    "burials",
    "missed bins",
    "road defects",
    "care packages",
    "adaptations",
    "grants paid",
]
QUALIFIERS = [
    "completed within target",
    "resolved at first point of contact",
    "received",
    "upheld",
    "processed within 20 working days",
    "rated good or excellent",
    "completed on time",
    "delivered within budget",
    "reported online",
    "closed in full",
]
UNITS = [
    "Housing Services",
    "Customer Services",
    "Building Services",
    "Revenues Services",
    "Planning Services",
    "Legal Services",
    "HR Services",
    "IT Services",
    "Waste Services",
    "Roads Services",
    "Libraries",
    "Care Services",
]
PLAN_SERVICES = [
    "Corporate Services",
    "Housing and Building Services",
    "Operational Services",
    "Social Policy",
]


def name_for(rng: random.Random) -> str:
    return f"{rng.choice(MEASURES)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)} by {rng.choice(UNITS)}"


def reword(name: str, rng: random.Random) -> str:
    """How plans reprint a name: case, plural, `£1m`, a leading `The`."""
    choice = rng.randrange(4)
    if choice == 0:
        return name.lower()
    if choice == 1:
        return name.replace("Services", "Service")
    if choice == 2:
        return name.replace("£1m", "£1 million") if "£1m" in name else "The " + name[0].lower() + name[1:]
    return name + "."


def mention(doc_id: str, n: int, code: str | None, name: str, unit: str) -> MentionRecord:
    return MentionRecord(
        doc_id=doc_id,
        mention_id=f"{doc_id}-{n:06d}",
        text=f"{code or ''}_{name}",
        code_printed=code,
        name=name,
        source="scorecard",
        service=unit,
    )


def synthesise(indicators: int, mentions: int, councils: int, seed: int = 1):
    """Last year's mentions, this year's mentions with the indicator each must link to (None: new)."""
    rng = random.Random(seed)
    plans: dict[str, PlanInfo] = {}
    registry: list[tuple[str, str, str, str, str]] = []  # (council, plan service, code, name, unit)
    names_seen: set[tuple[str, str]] = set()
    while len(registry) < indicators:
        council = f"Council {rng.randrange(councils):03d}"
        service = rng.choice(PLAN_SERVICES)
        name = name_for(rng)
        if (council, name) in names_seen:
            continue
        names_seen.add((council, name))
        registry.append((council, service, f"PI{len(registry):05d}", name, name.rsplit(" by ", 1)[1]))
    last_year: list[MentionRecord] = []
    for n, (council, service, code, name, unit) in enumerate(registry):
        doc_id = f"{council}|{service}|2020"
        plans[doc_id] = PlanInfo(council, "2020/21", service)
        last_year.append(mention(doc_id, n, code, name, unit))
    # What happens to each indicator this year, then to a few that did not exist last year.
    fates = rng.choices(
        ["coded", "code dropped, reworded", "renumbered", "discontinued"],
        weights=[70, 20, 5, 5],
        k=len(registry),
    )
    printed = [(r, fate) for r, fate in zip(registry, fates, strict=True) if fate != "discontinued"]
    for n in range(len(registry) // 20):
        council, service, _, _, unit = rng.choice(registry)
        new_name = f"{name_for(rng)} in {n} homes"
        printed.append(((council, service, f"NEW{n:05d}" if n % 2 else None, new_name, unit), "brand new"))
    this_year: list[MentionRecord] = []
    expected: dict[str, tuple[str, str | None]] = {}  # mention id -> (fate, last year's code)
    for n in range(mentions):
        (council, service, code, name, unit), fate = rng.choice(printed)
        doc_id = f"{council}|{service}|2021"
        plans[doc_id] = PlanInfo(council, "2021/22", service)
        if fate == "coded":
            record = mention(doc_id, n, code, name, unit)
        elif fate == "code dropped, reworded":
            record = mention(doc_id, n, None, reword(name, rng), unit)
        elif fate == "renumbered":
            record = mention(doc_id, n, f"R{code}", name, unit)
        else:
            record = mention(doc_id, n, code, name, unit)
        this_year.append(record)
        expected[record.mention_id] = (fate, None if fate == "brand new" else code)
    return last_year, this_year, plans, expected


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--indicators", type=int, default=10_000)
    parser.add_argument("--mentions", type=int, default=50_000)
    parser.add_argument("--councils", type=int, default=32)
    args = parser.parse_args()

    last_year, this_year, plans, expected = synthesise(args.indicators, args.mentions, args.councils)
    kinds = Counter(fate for fate, _ in expected.values())
    print(
        f"{len(last_year):,} indicators (last year's plans) in {args.councils} councils; "
        f"{len(this_year):,} mentions this year: " + ", ".join(f"{v:,} {k}" for k, v in kinds.items())
    )

    started = time.perf_counter()
    indicators, _ = build_registry(last_year, plans)
    registry_seconds = time.perf_counter() - started

    started = time.perf_counter()
    indicators, linked = build_registry(last_year + this_year, plans)
    total_seconds = time.perf_counter() - started

    methods = Counter(m.match_method for m in linked if m.doc_id.endswith("2021"))
    old_ids = {m.code_printed: m.indicator_id for m in linked if m.doc_id.endswith("2020")}
    right: Counter = Counter()
    for m in linked:
        if m.mention_id in expected:
            fate, code = expected[m.mention_id]
            right[fate] += (
                (m.indicator_id not in old_ids.values())
                if code is None
                else (m.indicator_id == old_ids[code])
            )
    print(
        f"registry alone: {registry_seconds:.2f}s; "
        f"registry + {len(this_year):,} mentions: {total_seconds:.2f}s; "
        f"linking the mentions: {total_seconds - registry_seconds:.2f}s"
    )
    print(
        f"{len(indicators):,} indicators after linking; this year's mentions by method: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(methods.items()))
    )
    print("linked right: " + ", ".join(f"{fate} {right[fate] / n:.1%}" for fate, n in kinds.items()))

    started = time.perf_counter()
    conflicts = registry_conflicts(indicators, linked)
    print(f"conflicts: {len(conflicts):,} found in {time.perf_counter() - started:.2f}s")


if __name__ == "__main__":
    main()
