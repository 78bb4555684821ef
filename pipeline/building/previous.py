"""What a build read, kept in its folder, so that the next build can start from its database.

An incremental build copies the published database into its own folder, deletes the rows of the
documents that changed or went, and writes only the new ones. It may do so only when that
database was made by the same pipeline from the inputs it says: each build writes `build-inputs.json`
beside its database (the pipeline's fingerprint and, per file, the cache key it was read under and
the document id whose rows it holds). A missing, unreadable or foreign one means a full write.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from pydantic import BaseModel, ValidationError

from pipeline.building.output_folder import published
from pipeline.publishing.database import MODEL_BY_TABLE

log = logging.getLogger(__name__)

INPUTS = "build-inputs.json"


class FileInput(BaseModel):
    """One file read by a build: the key it was read under, and the document whose rows it holds."""

    key: str
    doc_id: str | None = None  # None: no rows of its own (failed, or the same document as another file)


class BuildInputs(BaseModel):
    pipeline: str
    files: dict[str, FileInput]  # by name under raw/

    def write(self, folder: Path) -> None:
        (folder / INPUTS).write_text(self.model_dump_json(), encoding="utf-8")


def start_from_previous(db_path: Path, built: Path, pipeline: str) -> BuildInputs | None:
    """Copy the published database to `built` and return its inputs, or None for a full write."""
    folder = published(db_path)
    if folder is None:
        return None
    try:
        inputs = BuildInputs.model_validate_json((folder / INPUTS).read_bytes())
    except (OSError, ValidationError) as exc:
        log.info("the previous build's inputs cannot be read (%s): writing the database anew", exc)
        return None
    if inputs.pipeline != pipeline:
        return None
    try:
        shutil.copyfile(folder / db_path.name, built)
        with closing(sqlite3.connect(built)) as conn:
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not set(MODEL_BY_TABLE) <= tables:
                raise sqlite3.DatabaseError("tables are missing")
            conn.execute("SELECT count(*) FROM ingest_log").fetchone()
        return inputs
    except (OSError, sqlite3.DatabaseError) as exc:
        log.warning("the previous database cannot be used (%s): writing it anew", exc)
        built.unlink(missing_ok=True)
        return None
