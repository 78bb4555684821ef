"""Activity budget tables: activity, description, corporate plan link, indicators with targets,
PI categories, FTE, expenditure, income and net budget, closed by a `Total:` row.

Conversions drop empty cells and merge neighbours, so cells are placed by what they hold, not by
position: the money cells are the last four, PI categories are a known vocabulary, an indicator
cell holds a code or a `Target`, a link names an enabler or a numbered priority. A row with no
money continues the activity above it (its name or description wrapped, or another indicator).
"""

from __future__ import annotations

import json
import re

from extractors.base import Context, Extractor, provenance, row_id
from extractors.indicator_rows import Value, indicator_records
from extractors.vocabulary import header_key, match_header, merge_unit_rows, unit_scale
from pipeline.indicators import split_indicators
from pipeline.layout import Row, Table
from pipeline.normalise import (
    clean_text,
    is_pi_category_cell,
    parse_money,
    parse_period,
    parse_pi_categories,
    pounds,
)
from pipeline.phrases import split_title
from pipeline.records import ActivityRecord, BudgetTotalRecord, Record

_LINK = re.compile(r"^(?:enabler\s+service|\d{1,2}\.?\s+[A-Z][a-z])", re.I)
_PI = re.compile(r"\btarget\b|^support activities|performance is monitored", re.I)
_CODE_START = re.compile(r"^(?:(?:CP|P)\s*:\s*)?(?:SSHC\s+Indicator|[A-Za-z]{2,}\d+)", re.I)
_TOTAL = re.compile(r"^total\b\s*:?", re.I)
_MONEY_NOISE = re.compile(r"^[^\d(£\-−.]+")


_MONEY_FIELDS = ("fte", "expenditure", "income", "net")


def _as_income(value: float | None) -> float | None:
    """Income is stored negative whatever the print (`23,247` or `(23,247)`); the print stays in source_text."""
    return None if value is None else -abs(value)


def _money(cell: str) -> float | None:
    return parse_money(_MONEY_NOISE.sub("", cell.strip()))


def _append(text: str, piece: str) -> str:
    """Add a wrapped piece to a cell, unless the conversion printed the cell's end twice."""
    if clean_text(text).lower().endswith(clean_text(piece).lower()):
        return text
    return f"{text} {piece}"


def _is_pi(cell: str) -> bool:
    return bool(_PI.search(cell) or _CODE_START.match(cell))


class ActivityBudgetExtractor(Extractor):
    kind = "activity_budget"

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        header, body = merge_unit_rows(table.header, table.rows)
        found = match_header(header, self.vocabulary)
        period = self._period(header, found, ctx)
        scale = {name: unit_scale(f"{header[i]} {table.caption}") for name, i in found.items()}
        heading = self._heading(table.caption)
        service = heading or ctx.unit or ctx.plan_service
        title = heading or table.caption or service
        records: list[Record] = []
        current: dict | None = None
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
                if self._is_total(placed["name"]):
                    records.append(self._total_placed(row, placed, ctx, service, title, period))
                else:
                    current = {"row": row, **placed, "extra": []}
                continue
            if any(_TOTAL.match(c) for c in filled[:2]):
                numbers = [_money(c) for c in filled if _money(c) is not None]
                if numbers:
                    if current:
                        records.extend(self._emit(current, ctx, service, title, period))
                        current = None
                    records.append(self._total(row, numbers, ctx, service, title, period))
                continue
            parsed = self._parse_row(cells)
            if parsed["numbers"] or parsed["link"] or current is None:
                if current:
                    records.extend(self._emit(current, ctx, service, title, period))
                current = {"row": row, **parsed, "extra": []}
            else:
                current["extra"].append(parsed)
                current["row"] = Row(
                    cells=current["row"].cells, line=current["row"].line, page=current["row"].page,
                    source_text=f"{current['row'].source_text}\n{row.source_text}",
                )
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
                scale: dict[str, int]) -> dict | None:
        """A row printed with every column in place (as a PDF keeps blanks): read by its header.

        Content checks confirm the placement: every money column holds money or nothing, and the
        activity column holds a name. Anything else returns None, and the row is read by content.
        """
        if len(cells) != len(header) or "activity" not in found or not cells[found["activity"]]:
            return None
        money: dict[str, float | None] = {}
        for name in (*_MONEY_FIELDS, "base"):
            cell = cells[found[name]] if name in found else ""
            value = _money(cell) if cell else None
            if cell and (value is None or any(ch.isalpha() for ch in cell.replace("£", ""))):
                return None
            money[name] = None if value is None else value * scale.get(name, 1)
        if _money(cells[found["activity"]]) is not None:
            return None
        taken = set(found.values()) - {found[n] for n in ("link", "pi", "category") if n in found}
        if any(cells[found[n]] for n in ("link", "pi", "category") if n in found):
            return None  # indicator columns are read by content
        extra = {clean_text(header[i]) or f"column {i + 1}": clean_text(c)
                 for i, c in enumerate(cells) if i not in taken - {found.get("base", -1)} and c}
        description = cells[found["description"]] if "description" in found else ""
        return {"numbers": [], "categories": [], "pi": None, "link": None, "texts": [],
                "name": cells[found["activity"]], "description": description, "money": money,
                "printed": extra}

    @staticmethod
    def _parse_row(cells: list[str]) -> dict:
        """Place a row's cells by content: money tail, categories, indicators, link, text."""
        indexed = [(i, c) for i, c in enumerate(cells) if c]
        numbers: list[float] = []
        while indexed and _money(indexed[-1][1]) is not None and len(numbers) < 4:
            numbers.insert(0, _money(indexed.pop()[1]))
        categories: list[str] = []
        if indexed and is_pi_category_cell(indexed[-1][1]):
            categories = parse_pi_categories(indexed.pop()[1])
        pi, pi_index = None, None
        for i, (position, cell) in enumerate(indexed):
            if _is_pi(cell) and (i > 0 or position > 0):
                pi, pi_index = cell, position
                indexed = indexed[:i] + indexed[i + 1:]
                break
        link = None
        for i, (_, cell) in enumerate(indexed):
            if _LINK.match(cell) and i > 0:
                link = cell
                indexed = indexed[:i] + indexed[i + 1:]
                break
        texts = [(p, c) for p, c in indexed if pi_index is None or p < pi_index]
        return {"numbers": numbers, "categories": categories, "pi": pi, "link": link, "texts": texts}

    def _emit(self, current: dict, ctx: Context, service, title, period) -> list[Record]:
        row: Row = current["row"]
        texts = [c for _, c in current["texts"]]
        name, description = (texts + ["", ""])[:2]
        if "name" in current:
            name, description = current["name"], current["description"]
        elif len(texts) == 1:  # name and description printed in one cell
            printed_name, rest = split_title(texts[0])
            name, description = (printed_name, rest or "") if printed_name else (texts[0], "")
        elif len(texts) > 2:
            description = " ".join(texts[1:])
        link = current["link"] or ""
        indicators = [(current["pi"], current["categories"])]
        for extra in current["extra"]:
            for position, cell in extra["texts"]:
                slot = min(position, 2)
                if slot == 0:
                    name = _append(name, cell)
                elif slot == 1:
                    description = _append(description, cell)
                else:
                    link = _append(link, cell)
            if extra["link"]:
                link = f"{link} {extra['link']}"
            indicators.append((extra["pi"], extra["categories"]))
        numbers = current["numbers"]
        fte, expenditure, income, net = ([None] * (4 - len(numbers)) + numbers)[-4:]
        if "money" in current:
            fte, expenditure, income, net = (current["money"][n] for n in _MONEY_FIELDS)
        extra = current.get("printed") or {}
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
                extra=json.dumps(extra, ensure_ascii=False) if extra else None,
            )
        ]
        index = 0
        for cell, categories in indicators:
            if not cell:
                continue
            for n, (printed, target) in enumerate(split_indicators(cell)):
                if target is None and not _CODE_START.match(printed):
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
    def _total_placed(row: Row, placed: dict, ctx: Context, service, title, period) -> BudgetTotalRecord:
        money = placed["money"]
        extra = {"label": clean_text(placed["name"]), **placed["printed"]}
        return BudgetTotalRecord(
            **provenance(ctx, row),
            total_id=row_id(ctx, row, "total"),
            service=service,
            table_title=title,
            fte=money["fte"],
            expenditure=pounds(money["expenditure"]),
            income=pounds(_as_income(money["income"])),
            net=pounds(money["net"]),
            period=period,
            extra=json.dumps(extra, ensure_ascii=False),
        )

    @staticmethod
    def _total(row: Row, numbers: list[float], ctx: Context, service, title, period) -> BudgetTotalRecord:
        fte, expenditure, income, net = ([None] * (4 - len(numbers)) + numbers[-4:])[-4:]
        return BudgetTotalRecord(
            **provenance(ctx, row),
            total_id=row_id(ctx, row, "total"),
            service=service,
            table_title=title,
            fte=fte,
            expenditure=pounds(expenditure),
            income=pounds(_as_income(income)),
            net=pounds(net),
            period=period,
        )
