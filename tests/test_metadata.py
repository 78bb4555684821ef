"""Document metadata: read from the text, overlaid with raw/sources.yml; a difference in spelling
only (`Chief Executives Office` / `Chief Executive's Office`) is not reported as a disagreement."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES

from pipeline.metadata import SourceEntry, infer, load_manifest, resolve
from pipeline.readers import read_document

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
    # only these are not said by the text: 002 names no service, 004 never names its council
    assert unsaid == [("002", "service"), ("004", "council")]


def test_a_manifest_entry_serves_every_format_of_its_document():
    from pipeline.metadata import SourceEntry, manifest_entry

    manifest = {"004_00b63779361be2f9.txt": SourceEntry(council="Warwick District Council")}
    assert manifest_entry(manifest, "004_00b63779361be2f9.txt").council == "Warwick District Council"
    assert manifest_entry(manifest, "004_00b63779361be2f9.ruled.pdf").council == "Warwick District Council"
    assert manifest_entry(manifest, "sub/004_00b63779361be2f9.pdf").council == "Warwick District Council"
    assert manifest_entry(manifest, "005_other.pdf") is None
