"""The table finder: captions, headers, tables continued over printed blocks, mended words."""

from conftest import FIXTURES

from pipeline.finding.mend import join_broken
from pipeline.finding.tables import find_tables
from pipeline.reading import read_document


def tables_of(name):
    return find_tables(read_document(FIXTURES / name, name))


def test_continued_table_is_merged_and_next_caption_starts_a_new_one():
    tables = tables_of("wl2020_hr_budget.txt")
    assert [(t.caption, t.blocks, len(t.rows)) for t in tables] == [
        ("HR and Support Services", 3, 13),
        ("Civic Centre Admin", 2, 5),
    ]
    assert tables[0].header[0] == "Activity Name and Description"
    assert tables[0].rows[0].line == 12  # the Payroll row: line 231 of the plan, 12 of the excerpt
    assert tables[0].rows[-1].cells[0] == "Total:"


def test_actions_over_four_blocks_are_one_table():
    tables = tables_of("wl2020_hr_actions.txt")
    assert [(t.caption, t.blocks, len(t.rows)) for t in tables] == [
        ("HR and Support Services Actions 2020/21", 4, 15),
    ]


def test_caption_words_broken_by_the_conversion_are_mended():
    vocab = {"housing", "operations", "revenue", "account", "community", "safety", "and", "description"}
    assert join_broken(["Housing Operati", "ons (Housing Revenue Acc", "ount)"], vocab) == (
        "Housing Operations (Housing Revenue Account)"
    )
    assert join_broken(["Community Sa", "afety"], vocab) == "Community Safety"
    assert join_broken(["Activity Name an", "nd Description"], vocab | {"activity", "name"}) == (
        "Activity Name and Description"
    )
    assert join_broken(["Housing Operatio", "Housing Operations Actions 2021/22"], vocab) == (
        "Housing Operations Actions 2021/22"
    )
    assert join_broken(["Customer Consul", "tation Schedule 2021", "/22"], {"consultation"}) == (
        "Customer Consultation Schedule 2021/22"
    )
    assert join_broken(["Alignment with", "Corporate Priorities / Enablers"], {"alignment", "with", "corporate"}) == (
        "Alignment with Corporate Priorities / Enablers"
    )


def test_damaged_captions_in_a_real_excerpt():
    tables = tables_of("wl2021_housing_operations_budget.txt")
    assert [t.caption for t in tables][-2:] == ["Housing Operations (Housing Revenue Account)", "Community Safety"]
