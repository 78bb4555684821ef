"""Each document's extraction, kept between builds so that a rebuild reads only what changed.

An entry is keyed by the SHA-256 of the file's bytes, the name it has under raw/ (it is printed in
`documents.source_file`), its manifest entry and a fingerprint of the pipeline itself: the package
version, the extractors' vocabulary files and the source of the pipeline's code. Any of
these changing gives a different key, so a stale entry is never reused; it is simply not found.

One JSON file per document under `out/cache/` (beside the database): documents are read on many
workers at once, and separate files need no locking. Records are stored as their models' own
`model_dump()` and validated back into the same models, so a reused document gives exactly the rows
a fresh read would.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

from pydantic import BaseModel, ValidationError

from pipeline import records as r
from pipeline.publishing.database import MODEL_BY_TABLE

log = logging.getLogger(__name__)

CACHE_FOLDER = "cache"
_PACKAGES = [Path(__file__).parents[1], Path(__file__).parents[2] / "extractors"]


class CachedRead(BaseModel):
    """What one document's read gave: its ingest_log entry and every record, tagged by table."""

    key: str
    entry: r.IngestLogRecord
    records: list[tuple[str, dict]]

    def rows(self) -> list[tuple[str, dict]]:
        """The records as `(table, dict)`, as a read gives them (`model_dump()` of each model)."""
        return [(table, data) for table, data in self.records]


@cache
def _columns(table: str) -> set[str]:
    return set(MODEL_BY_TABLE[table].model_fields)


@cache
def fingerprint() -> str:
    """Package version + vocabulary files + the code: what decides a document's records.

    All of the code counts, not only the readers: a wrongly kept entry costs wrong rows, a
    needlessly dropped one only a re-read.
    """
    digest = hashlib.sha256()
    try:
        digest.update(metadata.version("council-plans").encode())
    except metadata.PackageNotFoundError:
        digest.update(b"unversioned")
    for folder in _PACKAGES:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".py", ".yml", ".yaml") or "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(folder.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def entry_key(content: str, source_file: str, settings: Mapping[str, object] | None = None) -> str:
    """The key of one document's read: its bytes, its name, its settings and the pipeline."""
    parts = {"content": content, "source_file": source_file, "settings": settings or {}, "pipeline": fingerprint()}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


class ExtractionCache:
    """One file per document in `folder`; `get` and `put` by key, `prune` drops what a build did not use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def has(self, key: str) -> bool:
        return self._file(key).is_file()

    def get(self, key: str) -> CachedRead | None:
        """The cached read, or None when there is none or it cannot be read back (then it is read again)."""
        path = self._file(key)
        try:
            cached = CachedRead.model_validate(json.loads(path.read_bytes()))
            if cached.key != key:
                raise ValueError("the entry does not belong to this key")
            # the entry was written from the models under the same fingerprint: each row has their
            # columns exactly, which is checked (cheaply) rather than validating every value again
            for table, data in cached.records:
                if table not in MODEL_BY_TABLE or data.keys() != _columns(table):
                    raise ValueError(f"a row of {table} does not have that table's columns")
            return cached
        except FileNotFoundError:
            return None
        except (ValidationError, ValueError, OSError) as exc:  # json's decode error is a ValueError
            log.warning("cache entry %s is unreadable and is read again: %s", path.name, exc)
            return None

    def put(self, key: str, entry: r.IngestLogRecord, rows: Iterable[tuple[str, dict]]) -> None:
        """Keep one read: its `(table, dict)` rows as `_read_one` gives them."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._file(key)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        # json allows NaN, which a figure too large for SQLite is read as; pydantic's JSON would write null
        data = {"key": key, "entry": entry.model_dump(), "records": list(rows)}
        tmp.write_text(json.dumps(data, allow_nan=True), encoding="utf-8")
        os.replace(tmp, path)

    def prune(self, used: set[str]) -> int:
        """Remove entries whose key the last build did not use (changed, removed or stale documents)."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.iterdir():
            if path.suffix == ".json" and path.stem not in used or path.name.endswith(".tmp"):
                path.unlink(missing_ok=True)
                removed += 1
        return removed
