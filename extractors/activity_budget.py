"""Activity budget tables: activity, description, corporate plan link, indicators with targets,
PI categories, FTE, expenditure, income and net budget, closed by a `Total:` row.

A row printed with every column in place is read by its header. Conversions drop empty cells and
merge neighbours; such a row's cells are placed under the header's columns by their order and
what they hold (`extractors.columns`: money under money, a PI category under its column, an
indicator's code or target under the indicator). A row with no figures continues the activity
above it (its name or description wrapped, or another indicator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.base import Context, Extractor, provenance, row_id, skipped
from extractors.columns import Slot, align, number
from extractors.indicator_rows import Value, indicator_records
from extractors.phrases import opens_sentence, split_title
from extractors.vocabulary import FieldSpec, header_key, match_header, merge_unit_rows, unit_scale
from pipeline.linking.mentions import CODE_START, split_indicators
from pipeline.normalise import (
    clean_text,
    parse_period,
    parse_pi_categories,
    pounds,
)
from pipeline.reading.layout import Row, Table
from pipeline.records import ActivityRecord, BudgetTotalRecord, Record

_AMOUNT_FIELDS = ("fte", "expenditure", "income", "net")


@dataclass
class ParsedRow:
    """What one printed row of a budget table holds, before it is told to be an activity, a
    total or the continuation of the activity above."""

    amounts: dict[str, float | None] = field(default_factory=dict)  # FTE and money, by field
    categories: list[str] = field(default_factory=list)  # PI categories
    pi: str | None = None
    link: str | None = None
    name: str = ""
    description: str = ""
    printed: dict[str, str] = field(default_factory=dict)  # cells no field takes, by header


@dataclass
class Activity:
    """An activity being read: its first row, and the rows that carry it on."""

    row: Row
    first: ParsedRow
    more: list[ParsedRow] = field(default_factory=list)


def _as_income(value: float | None) -> float | None:
    """Income is stored negative whatever the print (`23,247` or `(23,247)`); the print stays in source_text."""
    return None if value is None else -abs(value)


def _append(text: str, piece: str) -> str:
    """Add a wrapped piece to a cell, unless the conversion printed the cell's end twice."""
    if clean_text(text).lower().endswith(clean_text(piece).lower()):
        return text
    return f"{text} {piece}"


def _names(header_cell: str, spec: FieldSpec) -> bool:
    """Does a header cell name this field too (`Activity Name and Description` names the description)?"""
    key = f" {header_key(header_cell)} "
    return any(f" {header_key(synonym)} " in key for synonym in spec.synonyms)


class ActivityBudgetExtractor(Extractor):
    kind = "activity_budget"

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        header, body = merge_unit_rows(table.header, table.rows)
        found = match_header(header, self.vocabulary)
        period = self._period(header, found, ctx)
        scale = {name: unit_scale(f"{header[i]} {table.caption}") for name, i in found.items()}
        heading = self._heading(table.caption)
        service = heading or ctx.service
        title = heading or table.caption or service
        slots = self._slots(header, found)
        usage = self._usage(body, header, slots)
        total = [sum(column) for column in zip(*usage.values(), strict=True)] if usage else [0] * len(slots)
        records: list[Record] = []
        current: Activity | None = None
        for index, row in enumerate(body):
            cells = [c.strip() for c in row.cells]
            filled = [c for c in cells if c]
            if not filled or self._is_header(cells, header):
                continue
            if len(filled) == 1 and cells[0] and index + 1 < len(body) \
                    and self._is_header([c.strip() for c in body[index + 1].cells], header):
                if current:  # a unit's heading printed above its own header, inside one table
                    records.extend(self._emit(current, ctx, service, title, period))
                    current = None
                title = service = self._heading(cells[0]) or cells[0]
                continue
            placed = self._placed(cells, header, found, scale)
            if placed is not None:
                if current:
                    records.extend(self._emit(current, ctx, service, title, period))
                    current = None
                if self._is_total(placed.name):
                    records.append(self._total_placed(row, placed, ctx, service, title, period))
                else:
                    current = Activity(row, placed)
                continue
            own = usage.get(index, [0] * len(slots))
            parsed = self._aligned(cells, header, slots, scale, [t - o for t, o in zip(total, own, strict=True)])
            if any(self._is_total(c) for c in filled[:2]):
                if parsed.amounts:
                    if current:
                        records.extend(self._emit(current, ctx, service, title, period))
                        current = None
                    parsed.name = parsed.name or filled[0]
                    records.append(self._total_placed(row, parsed, ctx, service, title, period))
                else:
                    records.append(skipped(ctx, row, self.kind, "a total row with no figures"))
                continue
            # A row with figures begins an activity; one without carries on the activity above
            # (its name or description wrapped, another indicator), or takes up its figures.
            if current is None or (parsed.amounts and current.first.amounts):
                if current:
                    records.extend(self._emit(current, ctx, service, title, period))
                current = Activity(row, parsed)
            else:
                current.more.append(parsed)
                current.row = current.row.continued_by(row)
        if current:
            records.extend(self._emit(current, ctx, service, title, period))
        return records

    @staticmethod
    def _period(header: list[str], found: dict[str, int], ctx: Context) -> str | None:
        for column in ("expenditure", "net", "pi"):
            if column in found:
                period = parse_period(header[found[column]])
                if period:
                    return period
        return ctx.period

    def _heading(self, text: str) -> str | None:
        """`Adult Social Care & Health Operations Directors: A & B` -> the unit's name; else None."""
        text = clean_text(text)
        for role in sorted(self.vocabulary.heading_roles, key=len, reverse=True):
            match = re.search(rf"\s+{re.escape(role)}\s*:", text, re.I)
            if match and match.start() > 0:
                return text[: match.start()].strip()
        return None

    @staticmethod
    def _is_header(cells: list[str], header: list[str]) -> bool:
        printed = [clean_text(c).lower() for c in cells if c]
        return bool(printed) and printed == [clean_text(h).lower() for h in header if h.strip()]

    def _is_total(self, name: str) -> bool:
        key = header_key(name)
        return any(key == header_key(w) or key.startswith(header_key(w) + " ")
                   for w in self.vocabulary.total_labels)

    @staticmethod
    def _placed(cells: list[str], header: list[str], found: dict[str, int],
                scale: dict[str, int]) -> ParsedRow | None:
        """A row printed with every column in place (as a PDF keeps blanks): read by its header.

        Content checks confirm the placement: every money column holds money or nothing, and the
        activity column holds a name. Anything else returns None, and the row is read by content.
        """
        if len(cells) != len(header) or "activity" not in found or not cells[found["activity"]]:
            return None
        money: dict[str, float | None] = {}
        for name in (*_AMOUNT_FIELDS, "base"):
            cell = cells[found[name]] if name in found else ""
            value = number(cell) if cell else None
            if cell and (value is None or any(ch.isalpha() for ch in cell.replace("£", ""))):
                return None
            money[name] = None if value is None else value * scale.get(name, 1)
        if number(cells[found["activity"]]) is not None:
            return None
        taken = set(found.values()) - {found[n] for n in ("link", "pi", "category") if n in found}
        if any(cells[found[n]] for n in ("link", "pi", "category") if n in found):
            return None  # indicator columns are read by content
        extra = {clean_text(header[i]) or f"column {i + 1}": clean_text(c)
                 for i, c in enumerate(cells) if i not in taken - {found.get("base", -1)} and c}
        description = cells[found["description"]] if "description" in found else ""
        return ParsedRow(amounts=money, name=cells[found["activity"]], description=description, printed=extra)

    def _slots(self, header: list[str], found: dict[str, int]) -> list[Slot]:
        """The header's columns in print order; a header cell that names two fields (`Activity Name
        and Description`, printed over both columns) brings the second column with it."""
        by_index = {i: name for name, i in found.items()}
        slots: list[Slot] = []
        for i in range(len(header)):
            name = by_index.get(i)
            if name is None:
                slots.append(Slot(None))
                continue
            spec = self.vocabulary.field(name)
            slots.append(Slot(name, spec.type, header[i]))
            spill = self.vocabulary.field(spec.spills_into) if spec.spills_into else None
            if spill and spill.name not in found and _names(header[i], spill):
                slots.append(Slot(spill.name, spill.type))
        return slots

    def _usage(self, body: list[Row], header: list[str], slots: list[Slot]) -> dict[int, list[int]]:
        """For each row (by index), how many of its cells a first reading places under each slot:
        which columns the table prints at all."""
        usage: dict[int, list[int]] = {}
        for index, row in enumerate(body):
            cells = [c.strip() for c in row.cells]
            if len([c for c in cells if c]) < 2 or self._is_header(cells, header):
                continue
            counts = [0] * len(slots)
            for slot in self._place(cells, slots)[1]:
                counts[slot] += 1
            usage[index] = counts
        return usage

    @staticmethod
    def _place(cells: list[str], slots: list[Slot],
               elsewhere: list[int] | None = None) -> tuple[list[tuple[int, str]], list[int]]:
        """A row's filled cells and the slot of each, by their order and content (see
        `extractors.columns`); cells that fit no column join the text before them."""
        filled = [(i, c) for i, c in enumerate(cells) if c]
        fields = [slot.field for slot in slots]
        if filled and {"activity", "description"} <= set(fields) \
                and fields.index("description") == fields.index("activity") + 1 \
                and filled[0][0] == fields.index("activity"):
            # `Legal To provide legal advice …`: the name and its description run together in one
            # cell, so the cells after it stand one column left of their own. The next text cell
            # says which: a description opens a sentence, a shifted link or indicator does not.
            name, rest = split_title(filled[0][1])
            following = next((c for _, c in filled[1:] if number(c) is None), None)
            if name and rest and (following is None or not opens_sentence(following)):
                position = filled[0][0]
                filled[:1] = [(position, name), (position + 1, rest)]
        blanks = len(filled) < len(cells)
        placed = align(filled, slots, elsewhere, blanks)
        while placed is None:
            texts = [n for n in range(len(filled) - 1)
                     if number(filled[n][1]) is None and number(filled[n + 1][1]) is None]
            if not texts:
                return filled, []
            n = texts[-1]
            filled[n:n + 2] = [(filled[n][0], f"{filled[n][1]} {filled[n + 1][1]}")]
            placed = align(filled, slots, elsewhere, blanks)
        return filled, placed

    def _aligned(self, cells: list[str], header: list[str], slots: list[Slot], scale: dict[str, int],
                 elsewhere: list[int] | None = None) -> ParsedRow:
        """A row read by the columns its cells are placed under."""
        filled, placed = self._place(cells, slots, elsewhere)
        if not placed:
            return ParsedRow(printed={f"column {i + 1}": clean_text(c) for i, c in filled})
        parsed = ParsedRow()
        for (position, cell), index in zip(filled, placed, strict=True):
            name = slots[index].field
            if name in (*_AMOUNT_FIELDS, "base"):
                parsed.amounts[name] = number(cell) * scale.get(name, 1)
            elif name == "category":
                parsed.categories = parse_pi_categories(cell)
            elif name == "pi":
                parsed.pi = cell
            elif name == "link":
                parsed.link = cell
            elif name == "activity":
                parsed.name = cell
            elif name == "description":
                parsed.description = cell
            else:
                label = clean_text(header[position]) if position < len(header) else ""
                parsed.printed[label or f"column {position + 1}"] = clean_text(cell)
        if parsed.name and not parsed.description and "description" in (slot.field for slot in slots):
            printed_name, rest = split_title(parsed.name)  # name and description printed in one cell
            if printed_name and rest:
                parsed.name, parsed.description = printed_name, rest
        return parsed

    def _emit(self, current: Activity, ctx: Context, service, title, period) -> list[Record]:
        row, first = current.row, current.first
        name, description, link = first.name, first.description, first.link or ""
        money = dict(first.amounts)
        indicators = [(first.pi, first.categories)]
        for more in current.more:
            name = _append(name, more.name) if more.name else name
            description = _append(description, more.description) if more.description else description
            link = _append(link, more.link) if more.link else link
            indicators.append((more.pi, more.categories))
            if not money:
                money = dict(more.amounts)
        fte, expenditure, income, net = (money.get(n) for n in _AMOUNT_FIELDS)
        extra = first.printed
        activity_id = row_id(ctx, row)
        records: list[Record] = [
            ActivityRecord(
                **provenance(ctx, row),
                activity_id=activity_id,
                service=service,
                table_title=title,
                activity=clean_text(name),
                description=clean_text(description) or None,
                corporate_plan_link=clean_text(link) or None,
                fte=fte,
                expenditure=pounds(expenditure),
                income=pounds(_as_income(income)),
                net=pounds(net),
                period=period,
                extra=extra or None,
            )
        ]
        index = 0
        for cell, categories in indicators:
            if not cell:
                continue
            for n, (printed, target) in enumerate(split_indicators(cell)):
                if target is None and not CODE_START.match(printed):
                    continue  # prose such as `Support activities contribute ...`
                category = categories[n] if n < len(categories) else None
                values = [Value(period, "target", target)] if target else []
                records.extend(
                    indicator_records(
                        ctx, row, printed, self.kind, service, values, index=index,
                        pi_category=category, activity_id=activity_id,
                    )
                )
                index += 1
        return records

    @staticmethod
    def _total_placed(row: Row, placed: ParsedRow, ctx: Context, service, title, period) -> BudgetTotalRecord:
        money = placed.amounts
        extra = {"label": clean_text(placed.name), **placed.printed}
        return BudgetTotalRecord(
            **provenance(ctx, row),
            total_id=row_id(ctx, row, "total"),
            service=service,
            table_title=title,
            fte=money.get("fte"),
            expenditure=pounds(money.get("expenditure")),
            income=pounds(_as_income(money.get("income"))),
            net=pounds(money.get("net")),
            period=period,
            extra=extra,
        )
