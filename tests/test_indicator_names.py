"""Name normalisation, and the chosen scorer and threshold held to the labelled pairs from the seeds."""

import csv
from pathlib import Path

import pytest

from pipeline.linking.names import (
    NAME_SCORER,
    NAME_THRESHOLD,
    SCORERS,
    alike_pairs,
    differs_in_kind,
    learn_acronyms,
    normalise_name,
)

PAIRS = Path(__file__).parent / "fixtures" / "indicator_name_pairs.csv"


def load_pairs() -> list[dict]:
    with open(PAIRS, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # 000 lines 772 and 783: £1m / £1 million
        (
            "Cost of Legal Services per £1m Budget Expenditure",
            "Cost of Legal Services per £1 million Budget Expenditure",
        ),
        (
            "Cost of Corporate Communications per £1million of council's net expenditure",
            "Cost of Corporate Communications per £1 million of council's net expenditure",
        ),
        # 000 line 763: HR / Human Resources, services / service
        (
            "Total number of complaints received by HR Services",
            "Total number of complaints received by Human Resources service",
        ),
        # 000 line 767: IT / Information Technology
        (
            "Total number of complaints received by IT Services",
            "total number of complaints received by information technology services",
        ),
        # case and punctuation
        ("Percentage of non- emergency repairs", "percentage of non-emergency repairs."),
    ],
)
def test_normalised_alike(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_it_the_word_is_not_information_technology():
    assert (
        normalise_name("Percentage of cases where it was resolved")
        == "percentage of cases where it was resolved"
    )


def test_acronyms_are_learned_from_the_names_themselves():
    # 001 lines 696 and 803; 000 lines 353 and 768
    names = [
        "Unit cost of each CSC call",
        "Unit cost of each Customer Service Centre (CSC) call",
        "Total cost of IT services per £1million of WLC's net budget",
        "Total cost of IT service per £1 million of West Lothian Council's net budget",
    ]
    acronyms = learn_acronyms(names)
    assert acronyms == {"CSC": "Customer Service Centre", "WLC": "West Lothian Council"}
    assert normalise_name(names[0], acronyms) == normalise_name(names[1], acronyms)
    assert normalise_name(names[2], acronyms) == normalise_name(names[3], acronyms)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # customer-satisfaction indicators of two units, one word apart (000 lines 770 and 777)
        (
            "Percentage of Legal Services customers who rated the overall quality of the service as good "
            "or excellent",
            "Percentage of Performance and Improvement Service customers who rated the overall quality of "
            "the service "
            "as good or excellent",
        ),
        # complaints of two units (000 line 771, 001 line 786)
        (
            "Total number of complaints received by Legal Services",
            "Total number of complaints received by Building Services",
        ),
        # a negation (001 lines 505)
        (
            "Average length of time to complete emergency repair",
            "Average length of time to complete non-emergency repair",
        ),
    ],
)
def test_near_misses_are_kept_apart(a, b):
    scorer = SCORERS[NAME_SCORER]
    assert differs_in_kind(normalise_name(a), normalise_name(b))
    assert scorer(normalise_name(a), normalise_name(b)) < NAME_THRESHOLD


def test_chosen_setting_on_the_labelled_pairs():
    """Measured by benchmarks/registry_thresholds.py: precision 1.000, recall 0.500 (7 of 14)."""
    pairs = [p for p in load_pairs() if p["label"] in ("same", "different")]
    acronyms = learn_acronyms([p["name_a"] for p in pairs] + [p["name_b"] for p in pairs])
    scorer = SCORERS[NAME_SCORER]
    linked = [
        p["label"] == "same"
        for p in pairs
        if scorer(normalise_name(p["name_a"], acronyms), normalise_name(p["name_b"], acronyms))
        >= NAME_THRESHOLD
    ]
    positives = sum(p["label"] == "same" for p in pairs)
    assert positives == 14 and len(pairs) == 300
    assert all(linked), "a pair of different indicators reached the threshold"
    assert sum(linked) / positives >= 0.5


def test_labelled_pairs_are_from_the_seeds():
    raw = " ".join(
        " ".join(p.read_text(encoding="utf-8").split())
        for p in (Path(__file__).parents[1] / "raw").glob("*.txt")
    )
    for pair in load_pairs():
        for name in (pair["name_a"], pair["name_b"]):
            assert " ".join(name.split()) in raw, name


def test_the_bulk_scorer_links_what_the_chosen_scorer_links():
    """The registry and the conflicts score in bulk (`alike_pairs`, then the kind guard on what it
    keeps): on every labelled pair that is the chosen scorer at the chosen threshold, whichever
    scorer `NAME_SCORER` names."""
    pairs = load_pairs()
    acronyms = learn_acronyms([p["name_a"] for p in pairs] + [p["name_b"] for p in pairs])
    a = [normalise_name(p["name_a"], acronyms) for p in pairs]
    b = [normalise_name(p["name_b"], acronyms) for p in pairs]
    found = {(i, j) for i, j, _ in alike_pairs(a, b) if not differs_in_kind(a[i], b[j])}
    bulk = [(i, i) in found for i in range(len(pairs))]
    chosen = [SCORERS[NAME_SCORER](x, y) >= NAME_THRESHOLD for x, y in zip(a, b, strict=True)]
    assert bulk == chosen
    assert sum(chosen) >= 7
