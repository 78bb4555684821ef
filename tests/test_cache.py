"""The extraction cache gives back exactly the records a read gave, and only for the same input."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

from pipeline.build import _read_one
from pipeline.building.cache import ExtractionCache, content_hash, entry_key
from pipeline.publishing.database import MODEL_BY_TABLE
from pipeline.records import IngestLogRecord, MeasurementRecord

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_cached_read_gives_back_the_same_rows_of_the_same_tables(tmp_path: Path):
    path = FIXTURES / "wl2020_scorecard.txt"
    rows, entry = _read_one(path, path.name, None)
    assert entry.status == "ok" and len(rows) > 20
    assert {table for table, _data in rows} >= {"documents", "measurements", "indicator_mentions"}
    cache = ExtractionCache(tmp_path / "cache")
    key = entry_key(content_hash(path), path.name)
    cache.put(key, entry, rows)
    cached = ExtractionCache(tmp_path / "cache").get(key)
    assert cached is not None and cached.entry == entry
    again = cached.rows()
    assert again == rows
    assert [MODEL_BY_TABLE[t].model_validate(d) for t, d in again] == [MODEL_BY_TABLE[t].model_validate(d)
                                                                      for t, d in rows]


def test_an_entry_whose_rows_lack_their_columns_is_a_miss(tmp_path: Path):
    cache = ExtractionCache(tmp_path)
    row = MeasurementRecord(doc_id="d", measurement_id="m1", mention_id="x", source="scorecard",
                            indicator_name="Big", measure="actual", value=1.0, raw="1")
    data = row.model_dump()
    del data["raw"]
    cache.put("k", IngestLogRecord(source_file="a.txt", status="ok"), [("measurements", data)])
    assert cache.get("k") is None


def test_a_figure_read_as_not_a_number_stays_not_a_number(tmp_path: Path):
    row = MeasurementRecord(doc_id="d", measurement_id="m1", mention_id="x", source="scorecard",
                            indicator_name="Big", measure="actual", value=float("nan"), raw="9" * 400)
    cache = ExtractionCache(tmp_path)
    cache.put("k", IngestLogRecord(source_file="a.txt", status="ok"), [(row.table, row.model_dump())])
    ((table, back),) = cache.get("k").rows()
    assert table == "measurements" and math.isnan(back["value"]) and back["raw"] == row.raw


def test_the_key_changes_with_the_bytes_the_name_and_the_settings(tmp_path: Path):
    a = tmp_path / "a.txt"
    shutil.copy(FIXTURES / "wl2020_scorecard.txt", a)
    key = entry_key(content_hash(a), "a.txt")
    assert entry_key(content_hash(a), "a.txt") == key
    assert entry_key(content_hash(a), "b.txt") != key
    assert entry_key(content_hash(a), "a.txt", {"council": "Other Council"}) != key
    a.write_text(a.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert entry_key(content_hash(a), "a.txt") != key


def test_an_unreadable_entry_is_a_miss_and_prune_keeps_only_what_was_used(tmp_path: Path):
    cache = ExtractionCache(tmp_path)
    entry = IngestLogRecord(source_file="a.txt", status="ok")
    for key in ("keep", "drop", "broken"):
        cache.put(key, entry, [])
    (tmp_path / "broken.json").write_text('{"key": "broken", "entry": ', encoding="utf-8")
    (tmp_path / "other.json").write_bytes((tmp_path / "keep.json").read_bytes())  # another key's content
    assert cache.get("broken") is None and cache.get("other") is None and cache.get("missing") is None
    assert cache.get("keep").entry == entry
    assert cache.prune({"keep"}) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.json"]
