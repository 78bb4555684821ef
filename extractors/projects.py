"""Project lists (`Project | Sponsor / Lead Officer | Budget Impact | … | Milestones | Date`) into
`actions` with kind = 'project'.

A row holds a project: its first cell is the title with the description run on after it, its
milestones may spread over several cells and lines. Rows around it are not all projects:

- a title-case name alone on its row (`Desktop Projects`) is a sub-heading, the `group` of the
  projects under it, unless the next row is its description (`CSW Superfast Broadband`, then
  `The CSW Broadband project will …`);
- a row with an empty first cell, or one that starts in lower case or carries on an unfinished
  sentence, is the rest of the project above (milestone lines, a wrapped description);
- a row whose other cells are single words (`Barnes` under `Mark`) is the rest of the project
  above when that project has no description yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.base import Context, Extractor, provenance, row_id
from extractors.phrases import is_finished, is_heading_like, opens_sentence, split_title
from extractors.vocabulary import match_header
from pipeline.normalise import clean_text, parse_month
from pipeline.reading.layout import Row, Table
from pipeline.records import ActionRecord, Record


@dataclass
class _Project:
    row: Row
    group: str | None
    title: str
    description: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def add(self, values: dict[str, str], source: str) -> None:
        for key, value in values.items():
            if value:
                self.values[key] = f"{self.values.get(key, '')} {value}".strip()
        self.lines.append(source)

    def add_text(self, text: str) -> None:
        self.description = f"{self.description} {text}" if self.description else text

    @property
    def last_text(self) -> str:
        return self.description or self.title


def spans(header: list[str], found: dict[str, int]) -> dict[str, list[int]]:
    """Each named column with the unnamed columns printed after it (`Milestones | | |`)."""
    starts = sorted(found.items(), key=lambda item: item[1])
    result = {}
    for n, (name, index) in enumerate(starts):
        end = starts[n + 1][1] if n + 1 < len(starts) else max(len(header), index + 1)
        result[name] = list(range(index, end))
    return result


class ProjectsExtractor(Extractor):
    kind = "projects"

    def recognise(self, table: Table) -> float:
        found = match_header(table.header, self.vocabulary)
        if "title" not in found or not {"milestones", "budget_impact"} & found.keys():
            return 0.0
        return len(found) / len(self.columns)

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_header(table.header, self.vocabulary)
        columns = spans(table.header, found)
        projects: list[_Project] = []
        group: str | None = None
        pending: Row | None = None  # a name alone on its row: sub-heading or project title

        def cells(row: Row) -> tuple[str, dict[str, str]]:
            first = row.cell(found["title"])
            values = {name: clean_text(" ".join(row.cell(i) for i in idx))
                      for name, idx in columns.items() if name != "title"}
            # a merged cell printed again in the next column is not a value
            values = {k: v for k, v in values.items() if v and v != clean_text(first)}
            return first, values

        for row in table.rows:
            first, values = cells(row)
            text = clean_text(first)
            current = projects[-1] if projects else None
            if not text and not values:
                continue
            if pending is not None:
                if text and opens_sentence(text) and "owner" not in values:
                    project = _Project(pending, group, clean_text(pending.cell(found["title"])))
                    project.lines.append(pending.source_text)
                    projects.append(project)
                    project.add_text(text)
                    project.add(values, row.source_text)
                    pending = None
                    continue
                group, pending = clean_text(pending.cell(found["title"])), None
                current = None
            if not text:
                if current:
                    current.add(values, row.source_text)
                continue
            if current and (text[:1].islower() or (not values and not is_heading_like(text)
                                                   and not is_finished(current.last_text))):
                current.add_text(text)
                current.add(values, row.source_text)
                continue
            if not values and is_heading_like(text):
                pending = row
                continue
            if (current and current.description is None and not is_heading_like(text) and values
                    and all(len(v.split()) == 1 for v in values.values())):
                current.add_text(text)
                current.add(values, row.source_text)
                continue
            title, description = split_title(first)
            if title is None and description:
                title, _, rest = description.partition(". ")
                description = rest or None
            project = _Project(row, group, title or text, description)
            project.add(values, row.source_text)
            projects.append(project)
        return [self._record(p, ctx) for p in projects]

    def _record(self, project: _Project, ctx: Context) -> ActionRecord:
        values = project.values
        source = "\n".join(project.lines)
        return ActionRecord(
            **{**provenance(ctx, project.row), "source_text": source},
            action_id=row_id(ctx, project.row, "project"),
            service=ctx.service,
            kind="project",
            group=project.group,
            title=project.title,
            description=project.description,
            owner=values.get("owner"),
            end=parse_month(values.get("date")),
            end_raw=values.get("date"),
            budget_impact=values.get("budget_impact"),
            milestones=values.get("milestones"),
            impact_on_other_services=values.get("impact_on_other_services"),
        )
