"""Document metadata: read from the text, overlaid with raw/sources.yml; a difference in spelling
only (`Chief Executives Office` / `Chief Executive's Office`) is not reported as a disagreement."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES

from pipeline.document_metadata import SourceEntry, infer, load_manifest, resolve
from pipeline.reading import read_document

RAW = Path(__file__).parent.parent / "raw"


def test_manifest_fills_what_the_text_does_not_say():
    doc = read_document(FIXTURES / "warwick_plan_performance.txt", "004.txt")
    entry = SourceEntry(council="Warwick District Council", service="Chief Executive's Office")
    meta, notes = resolve(doc, entry)
    assert meta.council == "Warwick District Council"  # the report never names its council
    assert meta.period == "2019/20" and meta.doc_type == "performance_report"
    assert notes == []


def test_spelling_differences_are_not_disagreements_but_real_ones_are():
    doc = read_document(FIXTURES / "warwick_service_area_plan.txt", "003.txt")
    _, notes = resolve(doc, SourceEntry(service="Chief Executive's Office"))
    assert notes == []
    meta, notes = resolve(doc, SourceEntry(period="2017/18"))
    assert meta.period == "2017/18"
    assert notes == ["period: the text says '2016/17', the manifest '2017/18'; using the manifest"]


def test_the_manifest_covers_every_seed():
    manifest = load_manifest([RAW])
    seeds = sorted(p.name for p in RAW.glob("*.txt"))
    assert sorted(manifest) == seeds
    assert {e.doc_type for e in manifest.values()} == {
        "management_plan", "improvement_plan", "service_area_plan", "performance_report"}


def test_the_text_agrees_with_the_manifest_wherever_it_says_something():
    manifest = load_manifest([RAW])
    unsaid = []
    for name, entry in manifest.items():
        inferred = infer(read_document(RAW / name, name))
        _, notes = resolve(read_document(RAW / name, name), entry)
        assert notes == [], name
        unsaid += [(name[:3], f) for f, v in inferred.model_dump().items() if v is None and f != "url"]
    # only this is not said by the text: 002 names no service (004 names its council only as `WDC`
    # beside `Warwickshire`, which places it)
    assert unsaid == [("002", "service")]


def test_a_manifest_entry_serves_every_format_of_its_document():
    from pipeline.document_metadata import SourceEntry, manifest_entry

    manifest = {"004_00b63779361be2f9.txt": SourceEntry(council="Warwick District Council")}
    assert manifest_entry(manifest, "004_00b63779361be2f9.txt").council == "Warwick District Council"
    assert manifest_entry(manifest, "004_00b63779361be2f9.ruled.pdf").council == "Warwick District Council"
    assert manifest_entry(manifest, "sub/004_00b63779361be2f9.pdf").council == "Warwick District Council"
    assert manifest_entry(manifest, "005_other.pdf") is None


def write_manifest(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "sources.yml").write_text(text, encoding="utf-8")
    return folder


def test_a_bad_manifest_entry_is_one_line_naming_the_file_entry_and_field(tmp_path):
    from pipeline.document_metadata import read_manifest

    folder = write_manifest(tmp_path / "raw", "documents:\n  a.txt:\n    period: 2020\n    colour: red\n"
                                              "  b.txt:\n    url: javascript:alert(1)\n  c.txt:\n    period: 2020/21\n")
    entries, problems = read_manifest([folder])
    assert list(entries) == ["c.txt"]
    where = folder / "sources.yml"
    assert problems == {
        "a.txt": f"{where}: entry 'a.txt': field 'period': Input should be a valid string, not 2020 "
                 "(write it in quotes); unknown field 'colour'",
        "b.txt": f"{where}: entry 'b.txt': field 'url': 'javascript:alert(1)' is not an http(s) address",
    }


def test_a_manifest_that_is_not_yaml_stops_the_build_in_one_line(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import cli

    folder = write_manifest(tmp_path / "raw", "documents:\n  a.txt: [unclosed\n")
    (folder / "a.txt").write_text("Plan\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(folder), "--db", str(tmp_path / "out" / "plans.db"), "--quiet"])
    assert result.exit_code == 2
    # libyaml and the pure-Python parser word the problem differently; both name it and its line
    [first, *_] = result.output.splitlines()
    assert first.startswith(f"Build stopped: {folder / 'sources.yml'} line 3: not valid YAML: ")
    assert "expected ',' or ']'" in first
    assert not (tmp_path / "out" / "plans.db").exists()


def test_html_tags_are_removed_only_where_they_are_tags():
    from pipeline.normalise import clean_text

    assert clean_text("Target <5% of cases and >20 days") == "Target <5% of cases and >20 days"
    assert clean_text("a < b > c") == "a < b > c"
    assert clean_text("if a<b and c>d") == "if a<b and c>d"
    assert clean_text("<p class=\"x\"><b>Cost</b> of</p> service<br/>") == "Cost of service"
    assert clean_text("&lt;td colspan=2&gt;Net&lt;/td&gt;") == "Net"
