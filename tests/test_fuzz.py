"""Fuzzed plans and cells (tests/fuzzing.py): reading them gives records or a domain error, never a crash.

A modest number of examples runs here; benchmarks/fuzz.py runs 10,000 and more and counts crashes.
"""

from __future__ import annotations

from fuzzing import HOSTILE, normalise_fuzzed, random_cell, random_document, read_fuzzed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import normalise


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_a_fuzzed_plan_is_read_or_fails_with_a_domain_error(rng):
    read_fuzzed(random_document(rng))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.sampled_from(HOSTILE), st.randoms(use_true_random=False).map(random_cell)))
def test_every_normaliser_takes_any_cell(cell):
    normalise_fuzzed(cell)


def test_hostile_figures_are_read_as_not_a_number():
    for cell in ("99999999999999999999", "9" * 400, "1e309", "(99999999999999999999)"):
        normalise_fuzzed(cell)
        assert normalise.parse_money(cell) is None
