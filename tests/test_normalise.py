"""Normalisation rules of SCHEMA.md, one printed form per case."""

import pytest
from pydantic import ValidationError

from pipeline.normalise import (
    clean_text,
    parse_measure,
    parse_money,
    parse_month,
    parse_period,
    parse_pi_categories,
    parse_status,
)
from pipeline.wording import PrintedWords, printed_words


@pytest.mark.parametrize(
    "printed, stored",
    [("(30,579)", -30579), ("364,258", 364258), ("£108,500", 108500), ("0", 0), ("22.11", 22.11),
     ("~ (16,441)", None), ("Total:", None), ("", None)],
)
def test_money(printed, stored):
    assert parse_money(printed) == stored


@pytest.mark.parametrize(
    "printed, value, unit",
    [("£1,061.26", 1061.26, "£"), ("£0.33", 0.33, "£"), ("93%", 93, "%"), ("0.60%", 0.6, "%"),
     ("32 days", 32, "days"), ("6 hours", 6, "hours"), ("100.5 days", 100.5, "days"),
     ("2,500,000", 2500000, None), ("27,235,043", 27235043, None), ("**", None, None), ("N/a", None, None),
     ("Various", None, None), ("Available June 2021", None, None), ("Figure unavailable until 2022", None, None),
     ("1*", 1, None), ("1 out of 32 (2018/19 performance – LGBF is published one year in arrears)", 1, None)],
)
def test_measured_values(printed, value, unit):
    assert parse_measure(printed) == (value, unit)


@pytest.mark.parametrize(
    "printed, stored",
    [("2020/21", "2020/21"), ("2021/2022", "2021/22"), ("2020-21", "2020/21"),
     ("Activity Budget 2021/2022", "2021/22"), ("Revenue Expenditure Budget 2020/21 £", "2020/21"),
     ("1999/00", "1999/00"), ("2020/23", None), ("no year", None)],
)
def test_periods(printed, stored):
    assert parse_period(printed) == stored


@pytest.mark.parametrize(
    "printed, stored",
    [("April 2018", "2018-04"), ("Mach 2020", "2020-03"), ("Sept 2020", "2020-09"), ("April 21", "2021-04"),
     ("November 2023", "2023-11"), ("Ongoing", None)],
)
def test_months(printed, stored):
    assert parse_month(printed) == stored


def test_statuses_and_categories():
    assert [parse_status(s) for s in ("Active", "Planned", "Complete", "Ongoing", "On-going")] == [
        "active", "planned", "complete", "ongoing", "ongoing"]
    assert parse_pi_categories("High Level Public") == ["High Level", "Public"]
    assert parse_pi_categories("PUBLIC") == ["Public"]
    assert parse_pi_categories("WLAM") == ["WLAM"]


def test_text_debris_is_removed():
    printed = (
        '<ul style="list-style-type: none"> ◆ Delivery of Committee Administration services.'
        " ◆ Support &amp; advice </ul>"
    )
    assert clean_text(printed) == "Delivery of Committee Administration services. Support & advice"
    assert clean_text("- ◆ Health and Safety") == "Health and Safety"
    assert clean_text("HR Manager - Operations") == "HR Manager - Operations"
    assert clean_text(r"\pounds 5,000") == "£5,000"  # printed as `£5,000` elsewhere


def test_figures_no_database_can_hold_are_not_numbers():
    from pipeline.normalise import parse_measure, parse_money, pounds, whole

    assert parse_money("99999999999999999999") is None
    assert parse_money("9" * 400) is None
    assert parse_money("9,000,000,000,000,000,000") == 9e18
    assert parse_measure("9" * 400 + "%") == (None, None)
    assert pounds(float("inf")) is None and whole(float("nan")) is None


def test_printed_words_are_data_read_whole() -> None:
    """Statuses, PI categories, assurance levels and document types come from `data/words.yml`;
    a key the model does not know is an error, not a list silently ignored."""
    words = printed_words()
    assert "completed" in words.status_spellings["complete"]
    assert "High Level" in words.pi_categories
    assert "substantial" in words.assurance_levels
    with pytest.raises(ValidationError):
        PrintedWords.model_validate({"statuses": ["done"]})
    assert parse_status("Partially  Completed") == "partially complete"
    assert parse_status("ON GOING") == "ongoing"
    assert parse_pi_categories("HighLevel / public") == ["High Level", "Public"]
