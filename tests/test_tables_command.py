"""`plans tables FILE` shows what each table of one document was read as, column by column."""

from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"


def test_each_column_is_shown_with_the_field_it_went_to():
    result = CliRunner().invoke(cli, ["tables", str(FIXTURES / "synonym_headers.txt")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "1. line 1: actions  caption: Improvement Actions 2022/23"
    assert "     Lead Officer -> owner" in lines
    assert "     Due -> end" in lines
    assert "2. line 7: projects  caption: Key projects" in lines


def test_an_unrecognised_table_names_its_nearest_kind_and_what_it_lacks(tmp_path):
    path = tmp_path / "staffing.txt"
    path.write_text("Staffing by team\n\nTeam\tFTE\tVacancies\nPayroll\t9.3\t1\nRecruitment\t4.0\t0\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["tables", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "1. line 1: unrecognised  caption: Staffing by team",
        "     header: Team | FTE | Vacancies",
        "     nearest kind: activity_budget; lacks: activity, expenditure, net",
    ]


def test_a_row_that_gave_no_record_is_listed_with_its_reason(tmp_path):
    # an action plan row whose first cell is blank and cannot be joined to a row above
    path = tmp_path / "actions.txt"
    path.write_text("Actions 2020/21\n\nAction\tOwner(s)\tStart\tEnd\tStatus\n"
                    "\tHR Services Manager\tApril 2018\tApril 2023\tActive\n"
                    "People Strategy\tHR Services Manager\tApril 2018\tApril 2023\tActive\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["tables", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "rows that gave no record (1):",
        "  line 4, actions: no action named in its first column: "
        "HR Services Manager | April 2018 | April 2023 | Active",
    ]
