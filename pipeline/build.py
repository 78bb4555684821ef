"""`plans build`: every plan under the raw folders -> one SQLite database, plus CSV and JSON exports.

The database, its exports and the site's files are written into a folder of the build's own and
published together by one rename only when all are complete (`output_folder`), so a failed,
stopped or killed build leaves the previous output whole. A failure in a cross-document stage
names the stage (`stages`).
One document that cannot be read is logged in `ingest_log` and the others still load.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from pipeline.building import engine, writer
from pipeline.building.cache import CACHE_FOLDER, ExtractionCache, content_hash, entry_key, fingerprint
from pipeline.building.limits import DEFAULT_LIMITS, Limits
from pipeline.building.output_folder import BuildError, build_lock, publish, staging_folder
from pipeline.building.previous import BuildInputs, FileInput, start_from_previous
from pipeline.building.stages import stage
from pipeline.building.writer import Row
from pipeline.document_metadata import MANIFEST, ManifestError, SourceEntry, manifest_entry, read_manifest, resolve
from pipeline.errors import EmptyExtraction, PlanError
from pipeline.extract import extract_document
from pipeline.publishing import database, site
from pipeline.publishing.exports import export_all
from pipeline.reading import DEFAULT_OPTIONS, SUFFIXES, ReadOptions, read_document
from pipeline.records import DocumentRecord, IngestLogRecord

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    documents: int = 0
    read: int = 0  # documents read this time
    reused: int = 0  # documents whose records came from the cache
    failed: list[IngestLogRecord] = field(default_factory=list)
    skipped: int = 0  # files under raw/ that are not read (see their ingest_log rows)
    rows: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def discover(raw_dirs: list[Path]) -> list[tuple[Path, str]]:
    """(path, name under raw/) for every plan file, in a stable order."""
    return survey(raw_dirs)[0]


def survey(raw_dirs: list[Path]) -> tuple[list[tuple[Path, str]], list[IngestLogRecord]]:
    """The plan files to read, and an `ingest_log` row for everything else found under raw/.

    Links are followed only to files inside the raw folder; a link out of it (`/etc/passwd`),
    a dangling link, a FIFO or a folder named like a plan is skipped, with the reason.
    """
    found: list[tuple[Path, str]] = []
    skipped: list[IngestLogRecord] = []
    for folder in raw_dirs:
        if not folder.is_dir():
            found.append((folder, folder.name))
            continue
        root = folder.resolve()
        for here, folders, files in os.walk(folder):
            folders.sort()
            for entry in sorted([*files, *folders]):
                path = Path(here) / entry
                name = str(path.relative_to(folder))
                reason = _skip_reason(path, name, root)
                if reason == "":
                    found.append((path, name))
                elif reason is not None:
                    skipped.append(IngestLogRecord(source_file=name, status="skipped", error=reason))
    return found, skipped


def _skip_reason(path: Path, name: str, root: Path) -> str | None:
    """Why a file is not read ("" where it is read; None for a plain folder, walked into)."""
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(root):
            return "a link to a file outside the raw folder: not followed"
        if not target.exists():
            return "a link to a file that does not exist"
        if target.is_dir():
            return "a link to a folder: not followed (its files are read where they are)"
    elif path.is_dir():
        return "a folder named like a plan file, not a file" if path.suffix.lower() in SUFFIXES else None
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        return f"not a regular file ({kind})"
    if name == MANIFEST:
        return "the manifest, read for the other files' council, service, title, type and year"
    if path.suffix.lower() not in SUFFIXES:
        return f"not a plan file (only {', '.join(sorted(SUFFIXES))} files are read)"
    return ""


def _read_one(path: Path, name: str, entry: SourceEntry | None,
              reading: ReadOptions = DEFAULT_OPTIONS) -> tuple[list[Row], IngestLogRecord]:
    """One document's rows, as `(table, dict)`, and its ingest_log entry; touches no database."""
    started = time.perf_counter()
    doc = None
    try:
        doc = read_document(path, name, reading)
        meta, notes = resolve(doc, entry)
        extraction = extract_document(doc, meta)
        document = DocumentRecord(
            doc_id=doc.doc_id, source_file=name, format=doc.format, pages=doc.pages,
            **meta.model_dump(),
        )
        extracted = [r for r in extraction.records if r.table not in ("unrecognised_tables", "skipped_rows")]
        skipped = sum(r.table == "skipped_rows" for r in extraction.records)
        if not extracted and not extraction.tables:
            raise EmptyExtraction("no tables of any known kind were found", name)
        # tables found but none recognised: the document and its tables are kept, as `partial`
        status = "partial" if extraction.unrecognised or not extracted else "ok"
        entry = IngestLogRecord(
            source_file=name, doc_id=doc.doc_id, status=status,
            error="; ".join(notes) or None,
            tables_found=len(extraction.tables), tables_unrecognised=extraction.unrecognised,
            records=len(extracted), rows_skipped=skipped, seconds=round(time.perf_counter() - started, 3),
            encoding=doc.encoding,
        )
        return [(r.table, r.model_dump()) for r in (document, *extraction.records)], entry
    except PlanError as exc:
        error = str(exc)
    except MemoryError:
        raise  # the process reading it reports the memory limit
    except Exception as exc:  # a bug on one document must not stop the others
        log.exception("unexpected error reading %s", name)
        error = f"unexpected error: {type(exc).__name__}: {exc}"
    entry = IngestLogRecord(source_file=name, status="failed", error=error, encoding=doc and doc.encoding,
                            seconds=round(time.perf_counter() - started, 3))
    return [], entry


def _read_and_keep(path: Path, name: str, entry: SourceEntry | None, reading: ReadOptions,
                   cache_dir: Path | None, key: str) -> tuple[list[Row], IngestLogRecord, bool]:
    """`_read_one`, its result put in the cache where it was read (so the writer has none of that
    work), and whether it was: a worker of a remote cluster may not reach the cache folder."""
    rows, log_entry = _read_one(path, name, entry, reading)
    kept = False
    if cache_dir is not None and log_entry.status != "failed":
        try:
            ExtractionCache(cache_dir).put(key, log_entry, rows)
            kept = True
        except OSError:
            pass  # the writer keeps it instead
    return rows, log_entry, kept


def build(
    raw_dirs: list[Path],
    db_path: Path,
    exports: bool = True,
    progress: Callable[[str], None] = lambda message: None,
    jobs: int = 1,
    limits: Limits = DEFAULT_LIMITS,
    scheduler: str | None = None,
    use_cache: bool = True,
    reading: ReadOptions = DEFAULT_OPTIONS,
) -> BuildReport:
    """Read (or reuse from the cache) every document, write them as they come, then the registry.

    Rows are written in batches as documents arrive, in the order `discover` gives, so neither the
    number of workers nor the cache changes the database. With the cache, a build starts from the
    previous build's database where it can and writes only what changed (`previous`).
    """
    started = time.perf_counter()
    report = BuildReport()
    try:
        manifest = read_manifest([d for d in raw_dirs if d.is_dir()])
    except ManifestError as exc:
        raise BuildError(str(exc)) from None
    out_dir = db_path.parent
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot write to {out_dir}: {exc.strerror or exc}") from exc
    with build_lock(db_path):
        staging = staging_folder(db_path)
        try:
            built = staging / db_path.name
            inputs = start_from_previous(db_path, built, fingerprint()) if use_cache else None
            job = _Job(raw_dirs, manifest, progress, jobs, limits, scheduler, use_cache, out_dir / CACHE_FOLDER,
                       reading)
            try:
                published, keys = job.write(built, inputs, report)
            except _NotIncremental:
                built.unlink(missing_ok=True)
                report = BuildReport()
                published, keys = job.write(built, None, report)
            with stage("exports"):
                if exports:
                    export_all(built, staging)
            with stage("site"):
                site.publish_documents(built, published)
                site.write_metadata(built, built_at=datetime.now(UTC))
            publish(staging, db_path)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    if use_cache:
        ExtractionCache(out_dir / CACHE_FOLDER).prune(set(keys))
    report.seconds = time.perf_counter() - started
    return report


class _NotIncremental(Exception):
    """A file now shadows (or is shadowed by) a document kept from the previous build: write anew."""


@dataclass
class _Job:
    """One build's inputs and settings; `write` makes its database."""

    raw_dirs: list[Path]
    manifest: tuple
    progress: Callable[[str], None]
    jobs: int
    limits: Limits
    scheduler: str | None
    use_cache: bool
    cache_dir: Path
    reading: ReadOptions = DEFAULT_OPTIONS

    def write(self, built: Path, inputs: BuildInputs | None,
              report: BuildReport) -> tuple[dict[str, Path], list[str]]:
        """The database at `built`: from `inputs`' database where given (it is already there), else anew.

        With several jobs, the registry and the checks are made council by council on as many
        processes, forked here, before the database is opened and any cluster started.
        """
        readers = writer.CouncilReaders(built, self.jobs) if self.jobs > 1 else None
        try:
            return self._write(built, inputs, report, readers)
        finally:
            if readers is not None:
                readers.close()

    def _write(self, built: Path, inputs: BuildInputs | None, report: BuildReport,
               readers: writer.CouncilReaders | None) -> tuple[dict[str, Path], list[str]]:
        db = sqlite_utils.Database(built)
        # The database is the build's own until it is swapped in whole, so a crash can only lose a
        # file that would be thrown away: no journal on disk, no wait for the disk at each commit
        # (sqlite-utils commits every chunk of rows). The finished file is synced before the swap.
        db.execute("PRAGMA journal_mode = MEMORY")
        db.execute("PRAGMA synchronous = OFF")
        results = None
        try:
            database.create_tables(db)
            tasks, keys, skipped = self._tasks(report)
            previous = inputs.files if inputs is not None else {}
            unchanged = {name for (_path, name, _entry), key in zip(tasks, keys, strict=True)
                         if name in previous and previous[name].key == key and previous[name].doc_id}
            kept_ids = {previous[name].doc_id for name in unchanged}
            gone = {f.doc_id for name, f in previous.items() if name not in unchanged and f.doc_id}
            councils = writer.councils_of(db, gone)
            if inputs is not None:
                writer.delete_documents(db, gone, unchanged)
            cache = ExtractionCache(self.cache_dir)
            reusable = {key for (_p, name, _e), key in zip(tasks, keys, strict=True)
                        if name not in unchanged and self.use_cache and cache.has(key)}
            keep_in = self.cache_dir if self.use_cache else None
            results = _read_all([(*task, self.reading, keep_in, key) for task, key in zip(tasks, keys, strict=True)
                                 if task[1] not in unchanged and key not in reusable],
                                self.jobs, self.limits, self.scheduler)
            batch = writer.RowBatch(db)
            batch.add(("ingest_log", e.model_dump()) for e in skipped)
            for entry in skipped:
                report.skipped += entry.status == "skipped"
                self.progress(f"{entry.status:8} {entry.source_file}  {entry.error}")
            seen: set[str] = set()
            published: dict[str, Path] = {}
            files: dict[str, FileInput] = {}
            for task, key in zip(tasks, keys, strict=True):
                path, name, _entry = task
                if name in unchanged:
                    doc_id = previous[name].doc_id
                    if doc_id in seen:
                        raise _NotIncremental(name)
                    seen.add(doc_id)
                    published[doc_id] = path
                    files[name] = previous[name]
                    report.reused += 1
                    report.documents += 1
                    continue
                cached = cache.get(key) if key in reusable else None
                if cached is not None:
                    rows, entry = cached.rows(), cached.entry
                    report.reused += 1
                else:
                    rows, entry, kept = (next(results) if key not in reusable
                                         else _read_now((*task, self.reading), self.limits))
                    report.read += 1
                    if self.use_cache and not kept and entry.status != "failed":
                        cache.put(key, entry, rows)
                if entry.doc_id in seen:  # the same text under another name, a conversion of it
                    entry = entry.model_copy(update={
                        "status": "skipped", "records": 0, "tables_found": 0, "tables_unrecognised": 0,
                        "error": "the same document as another file, which is read once"})
                    rows = []
                elif rows and entry.doc_id in kept_ids:  # it would shadow a later file's document
                    raise _NotIncremental(name)
                files[name] = FileInput(key=key, doc_id=entry.doc_id if rows else None)
                if rows:
                    seen.add(entry.doc_id)
                    published[entry.doc_id] = path
                    councils.update(data["council"] for table, data in rows if table == "documents")
                    batch.add(rows)
                    report.documents += 1
                elif entry.status == "failed":
                    report.failed.append(entry)
                batch.add([("ingest_log", entry.model_dump())])
                self.progress(f"{entry.status:8} {name}  ({entry.records} rows, {entry.seconds:.2f}s"
                              + (", reused)" if cached is not None else ")")
                              + (f"  {entry.error}" if entry.error else ""))
            batch.flush()
            results.close()  # the workers have nothing left to read
            if inputs is None:
                councils = writer.all_councils(db)
            database.create_document_indexes(db)
            writer.link_councils(db, councils, readers)
            # the site's other indexes come after the checks: the checks read temporary copies of
            # one council's rows, which have none, and some hold columns the registry updates
            with stage("checks"):
                _run_checks(db, councils, readers)
            database.ensure_db_shape(db)
            for table in db.table_names():
                if table in database.MODEL_BY_TABLE:
                    report.rows[table] = db[table].count
        finally:
            if results is not None:
                results.close()  # stops the workers
            db.close()
        BuildInputs(pipeline=fingerprint(), files=files).write(built.parent)
        with open(built, "rb") as written:
            os.fsync(written.fileno())
        return published, keys

    def _tasks(self, report: BuildReport) -> tuple[list[tuple], list[str], list[IngestLogRecord]]:
        """The files to read with their cache keys, and the ingest_log rows of those not read."""
        found, skipped = survey(self.raw_dirs)
        entries, problems = self.manifest
        tasks, keys, first_of = [], [], {}
        for path, name in found:
            problem = manifest_entry(problems, name)
            if problem is not None:
                report.failed.append(IngestLogRecord(source_file=name, status="failed", error=problem))
                skipped.append(report.failed[-1])
                continue
            digest = content_hash(path)
            if digest in first_of:
                skipped.append(IngestLogRecord(source_file=name, status="skipped",
                                               error=f"the same bytes as {first_of[digest]}, which is read once"))
                continue
            first_of[digest] = name
            entry = manifest_entry(entries, name)
            tasks.append((path, name, entry))
            settings = entry.model_dump() if entry else {}
            if self.reading != DEFAULT_OPTIONS:  # read another way than by default: a key of its own
                settings = {"source": settings, "reading": self.reading.model_dump(mode="json")}
            keys.append(entry_key(digest, name, settings))
        return tasks, keys, skipped


def _run_checks(db: sqlite_utils.Database, councils: set[str | None],
                readers: writer.CouncilReaders | None) -> None:
    from pipeline.checking import run_checks  # a broken checks package fails the build loudly

    writer.check_councils(db, councils, run_checks, readers)


def _read_all(tasks: list[tuple], jobs: int, limits: Limits, scheduler: str | None):
    """`_read_and_keep` for every task, in order, each in its own process under `limits`, on `engine`.

    Documents are independent, so reading them in parallel changes nothing but the time taken.
    """
    return engine.run(_read_and_keep, tasks, limits, _stopped, jobs=jobs, scheduler=scheduler)


def _read_now(task: tuple, limits: Limits) -> tuple[list[Row], IngestLogRecord, bool]:
    """A document whose cache entry turned out unreadable: read here, after all."""
    return next(engine.run(_read_and_keep, [(*task, None, "")], limits, _stopped))


def _stopped(task: tuple, message: str) -> tuple[list[Row], IngestLogRecord, bool]:
    name = task[1]
    return [], IngestLogRecord(source_file=name, status="failed", error=message), False
