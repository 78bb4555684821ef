"""The `plans` command: build the database from raw/, serve it with Datasette, check it."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

import click

from pipeline.build import build as run_build
from pipeline.build import discover
from pipeline.building import summary as build_summary
from pipeline.building.limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, Limits
from pipeline.building.output_folder import BuildError
from pipeline.building.stages import StageFailed
from pipeline.publishing import site
from pipeline.reading import ReadOptions
from pipeline.reading.pdf_settings import ReaderSettings

DEFAULT_DB = Path("out/plans.db")


@click.group()
@click.version_option(package_name="council-plans")
def cli() -> None:
    """Extract tables from UK council plans into SQLite and publish them with Datasette."""


@cli.command()
@click.argument("raw_dirs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--db", "db_path", type=click.Path(path_type=Path), default=DEFAULT_DB, show_default=True,
              help="Database to write.")
@click.option("--no-exports", is_flag=True, help="Skip the CSV and JSON exports beside the database.")
@click.option("--quiet", is_flag=True, help="Print only the summary.")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(min=1),
              help="Documents read in parallel (worker processes); the output is the same.")
@click.option("--time-limit", default=DEFAULT_SECONDS, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds one document may take to read; past it the document fails and the build goes on.")
@click.option("--memory-limit", default=DEFAULT_MEMORY_MB, show_default=True, type=click.IntRange(min=256),
              help="Megabytes of memory one document's reader may use.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Read the documents on this Dask cluster (tcp://HOST:8786) instead of on --jobs local workers.")
@click.option("--no-cache", is_flag=True,
              help="Read every document again, neither using nor updating the extraction cache beside the database.")
@click.option("--pdf-setting", "pdf_settings", multiple=True, metavar="NAME=VALUE",
              help="One of the PDF reader's settings (pipeline/reading/pdf_settings.py), e.g. use_tags=true "
                   "to read tagged PDFs' tables from their structure tree; repeat for several.")
def build(raw_dirs: tuple[Path, ...], db_path: Path, no_exports: bool, quiet: bool, jobs: int,
          time_limit: float, memory_limit: int, scheduler: str | None, no_cache: bool,
          pdf_settings: tuple[str, ...]) -> None:
    """Read every plan under RAW_DIRS (default raw/) and write the database and exports."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # SIGTERM unwinds like Ctrl-C, so that workers are stopped and temporary files removed
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    reading = _read_options(pdf_settings)
    folders = list(raw_dirs) or [Path("raw")]
    if not any(f.exists() for f in folders):
        raise click.ClickException(f"no such folder: {', '.join(map(str, folders))}")
    if not discover([f for f in folders if f.exists()]):
        raise click.ClickException(build_summary.nothing_to_read(folders))
    try:
        report = run_build(folders, db_path, exports=not no_exports,
                           progress=(lambda m: None) if quiet else click.echo, jobs=jobs,
                           limits=Limits(seconds=time_limit, memory_mb=memory_limit),
                           scheduler=scheduler, use_cache=not no_cache, reading=reading)
    except (BuildError, StageFailed) as exc:
        click.echo(f"Build stopped: {exc}", err=True)
        click.echo(f"Nothing was replaced: {db_path} and its exports are those of the previous build.", err=True)
        sys.exit(2)
    click.echo("\n".join(build_summary.summary_lines(report, db_path)))
    for entry in report.failed:
        click.echo(f"FAILED {entry.source_file}: {entry.error}", err=True)
    if report.failed:
        sys.exit(1)


def _read_options(pdf_settings: tuple[str, ...]) -> ReadOptions:
    """`--pdf-setting` values, validated as the reader's settings are: a wrong name or value is a
    usage error that names it, before anything is read."""
    from pydantic import ValidationError

    overrides = {}
    for setting in pdf_settings:
        name, equals, value = setting.partition("=")
        if not equals or not name.strip():
            raise click.BadParameter(f"{setting!r} is not NAME=VALUE", param_hint="--pdf-setting")
        overrides[name.strip()] = value.strip()
    try:
        return ReadOptions(pdf=ReaderSettings(**overrides))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise click.BadParameter(problems, param_hint="--pdf-setting") from None


@cli.command()
@click.option("--db", "db_path", type=click.Path(path_type=Path), default=DEFAULT_DB, show_default=True,
              help="Database to serve.")
@click.option("--port", default=8001, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--reload/--no-reload", default=True, show_default=True,
              help="Restart the site when `plans build` replaces the database, so it shows the new build.")
def serve(db_path: Path, port: int, host: str, reload: bool) -> None:
    """Serve the database read-only with Datasette until stopped (Ctrl-C or SIGTERM).

    Exits with Datasette's status: 0 when stopped, non-zero when it could not serve.
    """
    from pipeline.publishing import server

    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist: run `plans build` first")
    try:
        server.check_port(host, port)
    except server.PortTaken as exc:
        raise click.ClickException(str(exc)) from exc
    metadata = db_path.parent / site.METADATA_FILE

    def refresh_metadata() -> None:
        if not metadata.exists() or metadata.stat().st_mtime < db_path.stat().st_mtime:
            site.write_metadata(db_path, metadata)

    def command() -> list[str]:
        return server.datasette_command(["serve", "-i", str(db_path), "--host", host, "--port", str(port),
                                         *site.datasette_options(metadata, site.serve_settings(db_path))])

    supervisor = server.Supervisor(command, watch=db_path if reload else None, before_start=refresh_metadata,
                                   say=lambda m: click.echo(m, err=True))
    sys.exit(supervisor.run())


@cli.command()
@click.option("--db", "db_path", type=click.Path(path_type=Path), default=DEFAULT_DB, show_default=True,
              help="Database to check.")
@click.option("--strict", is_flag=True, help="Exit with status 1 on warnings as well as errors.")
def check(db_path: Path, strict: bool) -> None:
    """Run the consistency checks on the database and print what they find, plan by plan.

    Exits with status 1 when there are errors (with --strict, warnings too).
    """
    import sqlite_utils

    from pipeline.checking import run_checks
    from pipeline.checking.report import format_report

    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist: run `plans build` first")
    db = sqlite_utils.Database(db_path)
    if "documents" not in db.table_names():
        raise click.ClickException(f"{db_path} is not a plans database (it has no documents table)")
    names = {d["doc_id"]: f"{d['title'] or d['source_file']} ({d['source_file']})"
             for d in db.query("SELECT doc_id, title, source_file FROM documents")}
    findings = run_checks(db)
    db.close()
    for line in format_report(findings, names):
        click.echo(line)
    failing = {"error", "warning"} if strict else {"error"}
    if any(f.severity in failing for f in findings):
        sys.exit(1)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def tables(file: Path) -> None:
    """Show every table found in FILE, the kind it was read as and where each column went."""
    from pipeline.document_metadata import ManifestError
    from pipeline.errors import PlanError
    from pipeline.table_report import format_report, report

    try:
        click.echo(format_report(report(file)))
    except (PlanError, ManifestError) as exc:
        raise click.ClickException(str(exc)) from exc


if __name__ == "__main__":
    cli()
