"""The build's cross-document stages, and what a failure in one of them says.

Reading a document is protected per document (a bad file fails alone). The stages after it
(registry, conflicts, checks, exports) see every document at once, so a failure there would lose
the whole build. Each runs inside `stage()`: a failure becomes a `StageFailed` that names the stage
and, where it can be found, the document whose rows cause it, and the build leaves the previous
database in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class StageFailed(Exception):
    """A cross-document stage failed; the previous database is kept."""

    def __init__(self, stage: str, cause: BaseException, source_file: str | None = None) -> None:
        self.stage = stage
        self.cause = cause
        self.source_file = source_file
        where = f" while handling the rows of {source_file}" if source_file else ""
        super().__init__(f"the {stage} stage failed{where}: {type(cause).__name__}: {cause}")

    def __reduce__(self):
        """Raised in a process of the build's own and handed back whole (see `writer.CouncilReaders`)."""
        return StageFailed, (self.stage, self.cause, self.source_file)


@contextmanager
def stage(name: str, culprit: Callable[[], str | None] = lambda: None) -> Iterator[None]:
    """Run a stage; on an unforeseen error, raise `StageFailed` naming it and `culprit()`'s document."""
    try:
        yield
    except (KeyboardInterrupt, SystemExit, MemoryError, StageFailed):
        raise
    except Exception as exc:
        try:
            source_file = culprit()
        except Exception:  # finding the culprit is a courtesy; the stage's own error is what counts
            source_file = None
        raise StageFailed(name, exc, source_file) from exc


def first_failing(groups: Iterable[tuple[str, T]], run: Callable[[T], object]) -> str | None:
    """The name of the first group that makes `run` fail on its own, or None.

    Used only after a stage has failed on the whole set: re-running it one document at a time
    tells the user which document's rows to look at.
    """
    for name, group in groups:
        try:
            run(group)
        except Exception:
            return name
    return None
