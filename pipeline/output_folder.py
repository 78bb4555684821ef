"""The build's output folder: written aside, swapped in whole, one build at a time.

A build writes its database, exports, published documents and site metadata into a folder of its
own beside the output, and only when all of them are complete moves them into place, the database
last. A build that fails or is stopped at any point before that leaves the previous output as it
was (its own folder is removed; one left by a killed build is removed by the next). A lock file
beside the database keeps a second build of the same output from interleaving with the first.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class BuildError(Exception):
    """The build could not start or finish; nothing of the previous output was changed."""


def _prefix(db_path: Path) -> str:
    return f".{db_path.name}-build-"


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
    """A new folder for this build beside the output; folders left by killed builds are removed.

    Called with the lock held, so no other build is using any of them.
    """
    for stale in db_path.parent.glob(_prefix(db_path) + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    try:
        return Path(tempfile.mkdtemp(prefix=_prefix(db_path), dir=db_path.parent))
    except OSError as exc:
        raise BuildError(f"cannot write to {db_path.parent}: {exc.strerror or exc}") from exc


def swap_in(staging: Path, out_dir: Path, last: str) -> None:
    """Move everything in `staging` into `out_dir`, replacing what is there; `last` goes last.

    Each item is replaced by a rename within one file system, so every file a reader opens is
    either the old one or the new one, never a part-written one.
    """
    items = sorted((p for p in staging.iterdir() if p.name != last), key=lambda p: p.name)
    items.append(staging / last)
    retired = staging / ".retired"
    retired.mkdir()
    for item in items:
        target = out_dir / item.name
        if item.is_dir():
            if target.exists():
                os.replace(target, retired / item.name)
            os.replace(item, target)
        else:
            os.replace(item, target)
