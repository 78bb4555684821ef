"""What every extractor shares: the context a table sits in, and header vocabulary matching.

An extractor is pure: `extract(table, context) -> records`. It recognises its tables by the words
of their headers and captions (kept as data, a few synonyms per column), never by which council
or file they came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from extractors.vocabulary import Vocabulary, load, match_header
from pipeline.finding.outline import Section, section_table
from pipeline.normalise import clean_text
from pipeline.reading.layout import Line, Row, Table
from pipeline.records import Record, SkippedRowRecord


@dataclass
class Context:
    """What an extractor needs to know about where a table sits."""

    doc_id: str
    period: str | None = None  # the year the plan is for
    plan_service: str | None = None  # documents.service
    unit: str | None = None  # the unit whose section holds the table
    units: list[str] = field(default_factory=list)  # every unit of the plan, for naming rows

    @property
    def service(self) -> str | None:
        """The service a row belongs to: the unit whose section holds the table, else the plan's."""
        return self.unit or self.plan_service


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9£%]+", " ", clean_text(text).lower()).strip()


def provenance(ctx: Context, row: Row) -> dict:
    return {"doc_id": ctx.doc_id, "line": row.line, "page": row.page, "source_text": row.source_text}


def record_id(doc_id: str, line: int, *suffix: object) -> str:
    """Stable id from where a record was printed: document, line (or page) and a suffix."""
    return f"{doc_id}-L{line:05d}" + "".join(f"-{e}" for e in suffix)


def row_id(ctx: Context, row: Row, *suffix: object) -> str:
    """The id of a record read from one table row."""
    return record_id(ctx.doc_id, row.line, *suffix)


def skipped(ctx: Context, row: Row, kind: str, reason: str) -> SkippedRowRecord:
    """The record of a row that gave no record, so that no printed row is passed over silently."""
    return SkippedRowRecord(**provenance(ctx, row), skipped_id=row_id(ctx, row, "skipped"), kind=kind,
                            reason=reason)


def unmapped(header: Sequence[str], taken: Iterable[int], row: Row) -> dict[str, str] | None:
    """A row's printed cells under the columns no field takes, by their printed header (`column N`
    where the header is blank), for the record's `extra`: nothing printed is dropped."""
    used = set(taken)
    extra: dict[str, str] = {}
    for i, cell in enumerate(row.cells):
        text = clean_text(cell)
        if i in used or not text:
            continue
        label = (clean_text(header[i]) if i < len(header) else "") or f"column {i + 1}"
        extra[label if label not in extra else f"{label} ({i + 1})"] = text
    return extra or None


@dataclass
class SectionFind:
    """Records read from a section, and its lines (no table printed there is unrecognised)."""

    records: list[Record]
    start: int
    end: int


class Extractor:
    """Base class: recognise a table kind by caption and header, then turn rows into records."""

    kind: ClassVar[str]
    # column -> synonyms printed in headers
    columns: ClassVar[dict[str, list[str]]] = {}
    # columns that must all be found for the table to be this kind
    required: ClassVar[tuple[str, ...]] = ()
    caption_words: ClassVar[tuple[str, ...]] = ()
    # headings under which this kind's table may reach us in pieces (see pipeline.finding.outline)
    section_words: ClassVar[tuple[str, ...]] = ()
    vocabulary: ClassVar[Vocabulary | None] = None

    def __init_subclass__(cls, **kwargs: object) -> None:
        """A kind's vocabulary is read from its YAML file (extractors/vocab/KIND.yml)."""
        super().__init_subclass__(**kwargs)
        kind = cls.__dict__.get("kind")
        vocab = load(kind) if kind else None
        if vocab is None:
            return
        cls.vocabulary = vocab
        cls.columns = vocab.columns
        cls.required = vocab.required
        cls.caption_words = tuple(vocab.caption_words)
        cls.section_words = tuple(vocab.section_words)

    def recognise(self, table: Table) -> float:
        """0 when the table is not of this kind; otherwise higher is a better fit."""
        if not table.header or self.vocabulary is None:
            return 0.0
        found = match_header(table.header, self.vocabulary)
        if not all(c in found for c in self.required):
            return 0.0
        filled = [h for h in table.header if h.strip()]
        coverage = len(found) / max(len(filled), 1)
        score = coverage + len(found) / max(len(self.columns), 1)
        caption = norm(table.caption)
        if any(norm(w) in caption for w in self.caption_words):
            score += 0.5
        return score

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        raise NotImplementedError

    def column_roles(self, header: Sequence[str]) -> dict[int, str]:
        """Header position -> the field it is read into, for `plans tables` (the rest go to `extra`)."""
        if self.vocabulary is None or not self.vocabulary.fields:
            return {}
        return {i: name for name, i in match_header(header, self.vocabulary).items()}

    def titled(self, sections: list[Section]) -> list[Section]:
        """The sections whose heading uses this kind's `section_words`."""
        words = [norm(w) for w in self.section_words]
        return [s for s in sections if any(w in norm(s.title) for w in words)]

    def read_sections(
        self, sections: list[Section], context_for: Callable[[Section], Context]
    ) -> list[SectionFind]:
        """Tables of this kind reassembled from sections whose heading uses `section_words`.

        Returns `SectionFind`s; a kind read from prose or lists overrides this.
        """
        if self.vocabulary is None:
            return []
        vocabulary = self.vocabulary
        finds = []
        for section in self.titled(sections):
            table = section_table(section, lambda cells: len(match_header(cells, vocabulary)))
            if table is None or self.recognise(table) <= 0:
                continue
            table.kind = self.kind
            finds.append(SectionFind(self.extract(table, context_for(section)), section.line, section.end))
        return finds


class ProseExtractor(Extractor):
    """A kind printed as prose or a list under a heading, not as a table: read from sections only."""

    def recognise(self, table: Table) -> float:
        return 0.0

    def read_sections(
        self, sections: list[Section], context_for: Callable[[Section], Context]
    ) -> list[SectionFind]:
        finds = [self.read(section, context_for(section)) for section in self.titled(sections)]
        return [find for find in finds if find is not None and find.records]

    def read(self, section: Section, ctx: Context) -> SectionFind | None:
        """Records read from one section whose heading names this kind."""
        raise NotImplementedError


class LineExtractor(ProseExtractor):
    """A kind printed as a pattern of lines anywhere in a document (a box per indicator or per
    risk), under no heading of its own: read from the document's lines, not from sections."""

    def read_sections(
        self, sections: list[Section], context_for: Callable[[Section], Context]
    ) -> list[SectionFind]:
        return []

    def read_lines(
        self, lines: list[Line], context_at: Callable[[int], Context], title: str | None
    ) -> list[SectionFind]:
        """Every find of this kind in the document, each read in the context of its first line;
        `title` is the document's, for kinds whose periods it names."""
        raise NotImplementedError
