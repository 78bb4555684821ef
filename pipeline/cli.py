"""The `plans` command: build the database from raw/, serve it with Datasette, check it."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import click

from pipeline.build import build as run_build

DEFAULT_DB = Path("out/plans.db")
METADATA = Path("datasette-metadata.yml")


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
def build(raw_dirs: tuple[Path, ...], db_path: Path, no_exports: bool, quiet: bool, jobs: int) -> None:
    """Read every plan under RAW_DIRS (default raw/) and write the database and exports."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    folders = list(raw_dirs) or [Path("raw")]
    if not any(f.exists() for f in folders):
        raise click.ClickException(f"no such folder: {', '.join(map(str, folders))}")
    report = run_build(folders, db_path, exports=not no_exports,
                       progress=(lambda m: None) if quiet else click.echo, jobs=jobs)
    click.echo(f"\n{report.documents} documents loaded, {len(report.failed)} failed, "
               f"{report.seconds:.1f}s -> {db_path}")
    for table, count in sorted(report.rows.items()):
        click.echo(f"  {table:22} {count:6}")
    for entry in report.failed:
        click.echo(f"FAILED {entry.source_file}: {entry.error}", err=True)
    if report.failed:
        sys.exit(1)


@cli.command()
@click.option("--db", "db_path", type=click.Path(path_type=Path), default=DEFAULT_DB, show_default=True,
              help="Database to serve.")
@click.option("--port", default=8001, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
def serve(db_path: Path, port: int, host: str) -> None:
    """Serve the database read-only with Datasette."""
    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist: run `plans build` first")
    args = [sys.executable, "-m", "datasette", "serve", "-i", str(db_path),
            "--host", host, "--port", str(port)]
    if METADATA.exists():
        args += ["--metadata", str(METADATA)]
    subprocess.run(args, check=False)


if __name__ == "__main__":
    cli()
