"""The build's output folder: each build written into a folder of its own, published by one rename.

For `--db out/plans.db` the output folder holds:

    .plans.db-builds/<stamp>/        one folder per build: plans.db, csv/, json/, documents/, metadata
    .plans.db-current -> .plans.db-builds/<stamp>     the published build
    plans.db -> .plans.db-current/plans.db            stable links through it, for readers
    csv, json, documents, datasette-metadata.yml -> .plans.db-current/...

A build fills its own folder; only when every file of it is complete is `.plans.db-current`
pointed at it, by renaming a new link over the old one, which is atomic: a reader that opens
`plans.db` and then `csv/measurements.csv` sees one build's set or the other's, never a mix, and a
build killed at any moment leaves the previous set whole. Folders of earlier and of killed builds
are removed by the next build; nothing the builds did not make is ever removed. A lock file beside
the database keeps a second build of the same output from interleaving with the first.

The stable links are made once. Where a name is taken by a folder or file an older build wrote
in place (the layout before this one), it is retired the first time; a name taken by anything else
stops the build with a message, untouched. Databases built into one folder share its `csv`,
`json`, `documents` and metadata links: those show the last database built there.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Names published beside the database, besides the database itself.
SHARED_ITEMS = ("csv", "json", "documents", "datasette-metadata.yml")
# For crash-safety tests: the build kills itself (SIGKILL) at the named point of `publish`.
STOP_AT_VARIABLE = "PLANS_BUILD_KILL_AT"


class BuildError(Exception):
    """The build could not start or finish; nothing of the previous output was changed."""


def builds_folder(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}-builds")


def current_link(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}-current")


def _kill_point(name: str) -> None:
    if os.environ.get(STOP_AT_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def build_lock(db_path: Path) -> Iterator[None]:
    """Hold `<db>.lock` for the whole build; a second build refuses at once with a clear message."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    try:
        handle = open(lock_path, "a+")
    except OSError as exc:
        raise BuildError(f"cannot write to {db_path.parent}: {exc.strerror or exc}") from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildError(f"another build is writing {db_path} (process {holder}); "
                             "try again when it has finished") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def staging_folder(db_path: Path) -> Path:
    """A new, empty folder for this build's set; folders of earlier or killed builds are removed.

    Called with the lock held, so no other build is using any of them.
    """
    folder = builds_folder(db_path)
    try:
        folder.mkdir(exist_ok=True)
        remove_unpublished(db_path)
        stamp = time.strftime("%Y%m%dT%H%M%S")
        staging = Path(tempfile.mkdtemp(prefix=f"{stamp}-", dir=folder))
        staging.chmod(0o755)  # readable by a site served as another user, like the files in it
        return staging
    except OSError as exc:
        raise BuildError(f"cannot write to {db_path.parent}: {exc.strerror or exc}") from exc


def published(db_path: Path) -> Path | None:
    """The folder of the build now published, if any."""
    link = current_link(db_path)
    if not link.is_symlink():
        return None
    target = builds_folder(db_path) / Path(os.readlink(link)).name
    return target if target.is_dir() else None


def remove_unpublished(db_path: Path, keep: Path | None = None) -> None:
    """Remove the build folders that are not published (earlier builds, killed ones) but `keep`."""
    live = published(db_path)
    folder = builds_folder(db_path)
    if not folder.is_dir():
        return
    for item in folder.iterdir():
        if item != live and item != keep:
            if item.is_dir() and not item.is_symlink():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink(missing_ok=True)


def publish(staging: Path, db_path: Path) -> None:
    """Make `staging` the published set by one rename of the pointer link.

    The stable links lead through the pointer, so they are made before the switch, while they
    still show the previous build whole. The first build in this layout has no previous pointer:
    it points it first, then replaces what an older build wrote in place, item by item.
    """
    names = [db_path.name, *(name for name in SHARED_ITEMS if (staging / name).exists())]
    for name in names:  # refuse before anything changes
        item = db_path.with_name(name)
        if item.exists() and not item.is_symlink() and not _written_by_a_build(item, db_path):
            raise BuildError(f"{item} is in the way of the build's output and was not written by a build; "
                             "move it away or choose another --db folder")
    pointer = current_link(db_path)
    first = not pointer.is_symlink()
    _kill_point("before-links")
    if not first:
        for name in names:
            _stable_link(db_path, name)
    _kill_point("before-switch")
    fresh = pointer.with_name(pointer.name + ".new")
    fresh.unlink(missing_ok=True)
    os.symlink(os.path.join(builds_folder(db_path).name, staging.name), fresh)
    os.replace(fresh, pointer)  # the switch: one atomic rename
    _fsync_folder(db_path.parent)
    _kill_point("after-switch")
    if first:
        for name in names:
            _stable_link(db_path, name)
    for name in SHARED_ITEMS:  # a link left over from a build with exports, into this database's set
        link = db_path.with_name(name)
        if name not in names and link.is_symlink() and os.readlink(link) == _through(pointer, name):
            link.unlink()
    remove_unpublished(db_path)


def _through(pointer: Path, name: str) -> str:
    return os.path.join(pointer.name, name)


def _stable_link(db_path: Path, name: str) -> None:
    """`<out>/<name>` as a link through this database's pointer, made or re-pointed by a rename."""
    link = db_path.with_name(name)
    wanted = _through(current_link(db_path), name)
    if link.is_symlink():
        if os.readlink(link) == wanted:
            return
    elif link.exists():
        _retire(link, db_path)
    fresh = link.with_name(f".{name}.link-new")
    fresh.unlink(missing_ok=True)
    os.symlink(wanted, fresh)
    os.replace(fresh, link)


def _retire(item: Path, db_path: Path) -> None:
    """An item an older build wrote in place, moved into the builds folder (removed with the clean-up)."""
    os.replace(item, Path(tempfile.mkdtemp(prefix="retired-", dir=builds_folder(db_path))) / item.name)


def _written_by_a_build(item: Path, db_path: Path) -> bool:
    if item.name == db_path.name or item.name == "datasette-metadata.yml":
        return item.is_file()
    if not item.is_dir():
        return False
    if item.name == "documents":  # one folder per document id, holding the file read
        return all(d.is_dir() and len(d.name) == 12 and all(f.is_file() for f in d.iterdir())
                   for d in item.iterdir())
    return all(f.is_file() and f.suffix == f".{item.name}" for f in item.iterdir())


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (a power cut after it must not bring the old link back half-way)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
