"""Budget pressures and changes by year, into `budget_changes` (one row per activity and year).

Two forms:

- a table with an activity column, an impact column and one column per financial year
  (`Activity | Budgetary Impact | 2016/17 | 2017/18 | 2018/19`); every year cell of every activity
  gives a row, with the amount where the cell is money and the cell as printed in `raw`;
- a budget stated in a financial section of a report (`5. Financial Implications`:
  `A budget of £108,500 has been set up for 2008/09 for items specific to the BV Improvement
  Plan.`); the activity is the name the sentence gives, its abbreviations spelled out as the
  document spells them elsewhere (`BV Improvement Plan` -> `Best Value Improvement Plan`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from extractors.base import Context, Extractor, SectionFind, provenance, row_id, skipped, unmapped
from extractors.vocabulary import match_header
from pipeline.finding.outline import Section
from pipeline.finding.tables import join_rows
from pipeline.normalise import clean_text, parse_money, parse_period, whole
from pipeline.reading.layout import Row, Table
from pipeline.records import BudgetChangeRecord, Record

_YEAR = re.compile(r"^\s*(?:19|20)\d{2}\s*[/\-–]\s*(?:19|20)?\d{2}\s*$")
_STATED = re.compile(r"\bbudget\s+of\s+(?P<raw>£\s*\d[\d,]*(?:\.\d+)?)", re.I)
_NAME = re.compile(r"(?:\b[A-Z][\w'&-]*)(?:\s+(?:of|and|&|for)?\s*[A-Z][\w'&-]*)*")
_ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def year_columns(header: list[str]) -> dict[int, str]:
    """Header positions that are a financial year and nothing else, with the year."""
    return {i: parse_period(cell) for i, cell in enumerate(header) if _YEAR.match(clean_text(cell))}


def expand_acronyms(name: str, text: str) -> str:
    """Spell out abbreviations in a name the way the document spells them before the same words."""
    for acronym in _ACRONYM.findall(name):
        rest = name.split(acronym, 1)[1].strip()
        words = r"\s+".join([rf"{letter}[a-z]+" for letter in acronym])
        pattern = re.compile(rf"\b({words})\s+{re.escape(rest)}" if rest else rf"\b({words})\b")
        spelled = Counter(m.group(1) for m in pattern.finditer(text))
        if spelled:
            name = name.replace(acronym, spelled.most_common(1)[0][0], 1)
    return name


class BudgetChangesExtractor(Extractor):
    kind = "budget_changes"

    def recognise(self, table: Table) -> float:
        if not table.header or not year_columns(table.header):
            return 0.0
        found = match_header(table.header, self.vocabulary)
        if "activity" not in found:
            return 0.0
        return 1.0 + 0.5 * ("impact" in found)

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_header(table.header, self.vocabulary)
        years = year_columns(table.header)
        rows = join_rows(table.rows, lambda r: not r.cell(found["activity"]))
        records: list[Record] = []
        for row in rows:
            activity = clean_text(row.cell(found["activity"]))
            if not activity:
                if row.filled:
                    records.append(skipped(ctx, row, self.kind, "no activity named"))
                continue
            impact = clean_text(row.cell(found["impact"])) if "impact" in found else ""
            for index, period in years.items():
                raw = clean_text(row.cell(index))
                records.append(BudgetChangeRecord(
                    **provenance(ctx, row),
                    change_id=row_id(ctx, row, f"c{index}"),
                    activity=activity,
                    impact=impact or None,
                    period=period,
                    amount=whole(parse_money(raw)),
                    raw=raw or None,
                    extra=unmapped(table.header, [*found.values(), *years], row),
                ))
        return records

    def read_sections(
        self, sections: list[Section], context_for: Callable[[Section], Context]
    ) -> list[SectionFind]:
        """Budgets stated in the sentences of a financial section."""
        text = " ".join(clean_text(ln.text) for s in sections for ln in s.lines if not ln.is_tabular)
        finds = []
        for section in self.titled(sections):
            ctx = context_for(section)
            records: list[Record] = []
            for line in section.text_lines():
                if line.is_tabular:
                    continue
                for sentence in _SENTENCE.split(clean_text(line.text)):
                    record = self._stated(sentence, line.no, ctx, text)
                    if record:
                        records.append(record)
            if records:
                finds.append(SectionFind(records, min(r.line for r in records), max(r.line for r in records)))
        return finds

    def _stated(self, sentence: str, line_no: int, ctx: Context, text: str) -> BudgetChangeRecord | None:
        stated = _STATED.search(sentence)
        if not stated:
            return None
        tail = sentence[stated.end():]
        period = parse_period(tail) or parse_period(sentence)
        names = [m.group(0) for m in _NAME.finditer(tail) if not parse_period(m.group(0))]
        activity = expand_acronyms(names[-1].strip(), text) if names else None
        raw = re.sub(r"£\s+", "£", stated["raw"])
        row = Row(cells=[sentence], line=line_no, source_text=sentence)
        return BudgetChangeRecord(
            **provenance(ctx, row),
            change_id=row_id(ctx, row, "stated"),
            activity=activity,
            period=period,
            amount=whole(parse_money(raw)),
            raw=raw,
        )
