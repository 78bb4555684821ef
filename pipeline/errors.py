"""Domain errors. Each carries the file and, where known, the place that caused it."""

from __future__ import annotations


class PlanError(Exception):
    """Base class: a problem with one document that must not stop the others."""

    def __init__(self, message: str, source_file: str | None = None, where: str | None = None):
        self.source_file = source_file
        self.where = where
        parts = [message]
        if where:
            parts.append(f"at {where}")
        super().__init__(" ".join(parts))


class UnreadableDocument(PlanError):
    """The file cannot be turned into lines: empty, binary, wrong encoding, broken PDF."""


class NeedsOCR(UnreadableDocument):
    """A PDF whose pages carry no text layer."""


class EmptyExtraction(PlanError):
    """A document was read but yielded no records of any kind."""
