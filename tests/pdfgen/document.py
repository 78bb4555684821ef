"""What the test PDFs print, and the conventions a table can be printed in.

A convention changes only how the table looks (rules, shading, header repeated on the next page,
how its title is set, font, page orientation), never its cells, so every rendering must read back
as `expected_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from pydantic import BaseModel, ConfigDict

Rules = Literal["none", "header", "rows", "grid", "shaded"]
RULES: tuple[Rules, ...] = ("none", "header", "rows", "grid", "shaded")


@dataclass(frozen=True)
class Face:
    """A font family as each producer names it, with the body size it is printed at."""

    name: str
    regular: str  # TrueType file, for reportlab
    bold: str
    size: float


FACES = {
    "sans": Face("DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", 8.5),
    "serif": Face("Liberation Serif", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", 10.0),
}


class Convention(BaseModel):
    """How the table is printed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rules: Rules = "header"
    repeat_header: bool = True
    title: Literal["merged", "wrapped"] = "merged"  # spanned across the columns, or in the first one
    font: Literal["sans", "serif"] = "sans"
    orientation: Literal["portrait", "landscape"] = "portrait"
    rule_weight: float = 0.5
    rule_colour: str = "000000"
    size: float | None = None  # the body size, where not the font's own

    @property
    def name(self) -> str:
        parts = [self.rules, "repeat" if self.repeat_header else "once", self.title, self.font, self.orientation]
        if self.rule_weight != 0.5 or self.rule_colour != "000000":
            parts.append(f"w{self.rule_weight:g}-{self.rule_colour}")
        if self.size:
            parts.append(f"{self.size:g}pt")
        return "-".join(parts)

    @property
    def face(self) -> Face:
        return replace(FACES[self.font], size=self.size) if self.size else FACES[self.font]


BASE = Convention()
# Conventions that differ from BASE in one respect only: each must read exactly as BASE does.
VARIANTS = [BASE.model_copy(update={"rules": r}) for r in RULES if r != BASE.rules] + [
    BASE.model_copy(update={"repeat_header": False}),
    BASE.model_copy(update={"rules": "rows", "rule_weight": 1.5, "rule_colour": "808080"}),
]
# Every rule style with the other settings changed all at once, and a few more mixtures.
MIXED = [Convention(rules=r, repeat_header=False, title="wrapped", font="serif", orientation="landscape")
         for r in RULES] + [
    Convention(rules="rows", title="wrapped", orientation="landscape"),
    Convention(rules="shaded", repeat_header=False, font="serif"),
]
GRID = [BASE, *VARIANTS, *MIXED]


@dataclass
class Heading:
    text: str


@dataclass
class Paragraph:
    text: str


@dataclass
class Bullet:
    text: str


@dataclass
class TableBlock:
    """A table: an optional title row, one header row, body rows (any cell may be empty)."""

    header: list[str]
    rows: list[list[str]]
    title: str = ""
    widths: list[float] = field(default_factory=list)  # shares of the text width, summing to 1

    def expected_rows(self) -> list[tuple[str, ...]]:
        """The cells a reader must give back, the header once, the title as a row of its own."""
        blank = ("",) * (len(self.header) - 1)
        title = [(self.title, *blank)] if self.title else []
        return [*title, tuple(self.header), *(tuple(r) for r in self.rows)]


Block = Heading | Paragraph | Bullet | TableBlock

_THEMES = ["Digital front door", "Customer contact", "Housing repairs", "Waste and recycling",
           "Planning service", "Workforce", "Estates", "Community safety"]
_ACTIONS = [
    "Review the service standard",
    "Move the remaining paper forms online and close the postal route for routine requests",
    "Agree targets with partners",
    "Train staff in the new case management system, including the weekend rota and the out of hours "
    "team, before the old system is switched off",
    "Publish quarterly figures",
    "Consult tenants on the repairs policy and report the results to committee",
]
_LEADS = ["Head of Service", "", "Customer Services Manager", "Housing Manager", "Service Lead"]
_STATUS = ["On track", "Complete", "", "Delayed"]


def action_table(title: str = "Service improvement actions and milestones 2024/25") -> TableBlock:
    """A table long enough to run onto a second page, with wrapped and empty cells and two group
    heading rows that fill only their first cell."""
    rows: list[list[str]] = []
    for n in range(40):
        if n in (0, 22):
            rows.append([f"Theme {1 + n // 22}: {'Customers' if n == 0 else 'Places'}", "", "", "", "", ""])
        budget = "" if n % 5 == 3 else f"{(n * 37) % 900 + 15:,}"
        rows.append([_THEMES[n % len(_THEMES)], _ACTIONS[n % len(_ACTIONS)], _LEADS[n % len(_LEADS)],
                     f"{['March', 'June', 'September', 'December'][n % 4]} 202{5 + n % 2}", budget,
                     _STATUS[n % len(_STATUS)]])
    return TableBlock(header=["Area", "Action", "Lead officer", "Due", "Budget £000", "Status"], rows=rows,
                      title=title, widths=[0.15, 0.35, 0.16, 0.12, 0.11, 0.11])


def sample_document() -> list[Block]:
    """Prose, a list and one long table, as a service plan prints them."""
    intro = ("The service plan sets out what the service will deliver over the year, the resources it "
             "has to do so and how progress will be reported to members and to the public. ")
    return [
        Heading("1. Introduction"),
        Paragraph(intro * 3),
        Paragraph("It is reviewed each quarter by the management team and once a year by committee."),
        Heading("2. Priorities"),
        Bullet("Improve the speed and quality of the response to customers"),
        Bullet("Reduce the cost of routine transactions by moving them online"),
        Paragraph(intro * 2),
        Heading("3. Actions"),
        action_table(),
        Heading("4. Monitoring"),
        Paragraph("Progress against each action is reported to the committee twice a year."),
    ]


def stacked_tables() -> list[Block]:
    """Tables printed one after another with the same extent but columns of their own widths, each
    with its title row, as a plan prints one table per service: each must come out on its own."""
    header = ["Measure", "Description", "Owner", "Target"]
    rows = [[f"PI{n:03d}", f"{_ACTIONS[n % len(_ACTIONS)]}", _LEADS[n % len(_LEADS)] or "Head of Service",
             f"{(n * 7) % 90 + 5}%"] for n in range(5)]
    widths = [[0.14, 0.46, 0.25, 0.15], [0.25, 0.3, 0.15, 0.3], [0.13, 0.55, 0.2, 0.12]]
    tables: list[Block] = [TableBlock(header=header, rows=rows[n:] + rows[:n], title=f"Indicators of service {n + 1}",
                                      widths=w) for n, w in enumerate(widths)]
    return [Heading("1. Indicators"), Paragraph("Each service reports the indicators below."), *tables]


RUNNING_HEADER = "Customer and Housing Services Plan 2024/25"
