"""What `plans build` prints at the end: what was loaded, what the checks found by severity, where
to read the findings, and how a running site comes to show the new build."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from pipeline.checking.common import severity_words
from pipeline.reading import SUFFIXES


def nothing_to_read(folders: list[Path]) -> str:
    """The message for a build that found no plan file: nothing is written then."""
    where = ", ".join(str(f) for f in folders)
    kinds = " or ".join(sorted(SUFFIXES))
    return f"no plan files ({kinds}) in {where}: nothing was built and any existing database is left as it was"


def finding_counts(db_path: Path) -> dict[str, int]:
    """Findings of the built database by severity."""
    db = sqlite_utils.Database(db_path)
    try:
        if not db["findings"].exists():
            return {}
        return dict(db.execute("SELECT severity, count(*) FROM findings GROUP BY severity").fetchall())
    finally:
        db.close()


def findings_line(counts: dict[str, int], db_path: Path) -> str:
    check = f"plans check --db {db_path}"
    if not any(counts.values()):
        return f"Checks: nothing found. `{check}` prints the checks' report."
    return f"Checks found {severity_words(counts)}: run `{check}` to read them, document by document."


def summary_lines(report, db_path: Path) -> list[str]:
    """The lines printed after a build (`report` is the build's BuildReport)."""
    skipped = f", {report.skipped} other files skipped" if report.skipped else ""
    lines = [f"\n{report.documents} documents loaded, {len(report.failed)} failed{skipped} "
             f"({report.read} read, {report.reused} reused), {report.seconds:.1f}s -> {db_path}"]
    lines += [f"  {table:22} {count:6}" for table, count in sorted(report.rows.items())]
    if db_path.exists():
        lines.append(findings_line(finding_counts(db_path), db_path))
        lines.append(f"A running `plans serve --db {db_path}` shows this build within seconds "
                     f"(it restarts on a rebuilt database unless started with --no-reload).")
    return lines
