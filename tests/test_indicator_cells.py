"""Text printed where an indicator should be that names no measure does not become an indicator.

The excerpt is a West Lothian scorecard and activity budget with cells changed as other plans print
them: `*`, `...`, `–` where a name should be, a pointer to a published scorecard, a note run on after
a name.
"""

from conftest import WEST_LOTHIAN_2020, extract_fixture, rows_of

from pipeline.linking.mentions import parse_mention


def test_cells_without_a_name_make_no_indicator_and_stay_in_their_row():
    result = extract_fixture("indicator_cells_without_names.txt", WEST_LOTHIAN_2020)
    mentions = rows_of(result, "indicator_mentions")
    assert [(m["code_printed"], m["name"]) for m in mentions] == [
        ("ITS008", "Annual Percentage of IT Customers Rating the Overall Quality of the service as good or excellent"),
        (None, "Number of complaints received by IT Services"),
        ("HRS202", "Cost of Payroll Service per council employee"),
    ]
    assert {m["indicator_name"] for m in rows_of(result, "measurements")} == {m["name"] for m in mentions}
    payroll = next(r for r in result.records if r.table == "activities")
    assert "* Target: 5" in payroll.source_text and "– Target: 10" in payroll.source_text


def test_an_indicator_name_is_the_phrase_before_a_link_a_pointer_or_a_second_sentence():
    cases = {
        "CuCS007a_Percentage of customers who rated the service as good or excellent. A performance scorecard":
            ("CuCS007a", "Percentage of customers who rated the service as good or excellent", True),
        "A performance scorecard and actions for the strategy. Available at: CustomerServiceStrategy":
            (None, "A performance scorecard and actions for the strategy", False),
        "Scorecard available from https://www.example.gov.uk/performance": (None, "Scorecard", False),
        "www.example.gov.uk/performance": (None, "", False),
        "No. of Councillor misconduct cases upheld": (None, "No. of Councillor misconduct cases upheld", True),
        "Visitors to St. Helens libraries": (None, "Visitors to St. Helens libraries", True),
        "P:HQSARC20.2 9b": ("HQSARC20.2", "", True),
        "N/A": (None, "N/A", False),
        "Various": (None, "Various", False),
        "%": (None, "%", False),
    }
    for printed, expected in cases.items():
        mention = parse_mention(printed)
        assert (mention.code, mention.name, mention.is_indicator) == expected, printed


def test_a_full_stop_ends_the_name_only_where_a_sentence_ends():
    assert parse_mention("Income from the casino. The figure excludes VAT").name == "Income from the casino"
    assert parse_mention("Nos. Of visits to the museum").name == "Nos. Of visits to the museum"
