"""Turn one printed indicator and the values printed beside it into mention and measurement rows.

Shared by every table kind that prints indicators (scorecards, activity budgets, priorities),
so that an indicator is parsed the same way wherever it appears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.base import Context, provenance, row_id
from pipeline.linking.mentions import Mention, parse_mention
from pipeline.normalise import clean_text, parse_measure
from pipeline.reading.layout import Row
from pipeline.records import MeasurementRecord, MentionRecord, Record


@dataclass
class Value:
    """One printed value: which year, actual or target, the cell as printed."""

    period: str | None
    measure: str
    raw: str
    assessment: str | None = None
    rating: str | None = None  # a printed RAG status of this value
    direction: str | None = None  # a printed direction of travel: improving, same, worsening


def mention_record(mention: Mention, mention_id: str, source: str, service: str | None,
                   **where: object) -> MentionRecord:
    """The row of `indicator_mentions` for one parsed mention; `where` is its provenance."""
    return MentionRecord(
        **where,
        mention_id=mention_id,
        text=mention.text,
        code_printed=mention.code,
        name=mention.name,
        public=mention.public,
        corporate_plan=mention.corporate_plan,
        category=mention.category,
        source=source,
        service=service,
        new_indicator=mention.new,
    )


def indicator_records(
    ctx: Context,
    row: Row,
    printed: str,
    source: str,
    service: str | None,
    values: list[Value],
    index: int = 0,
    pi_category: str | None = None,
    activity_id: str | None = None,
    code: str | None = None,
    extra: dict[str, str] | None = None,
) -> list[Record]:
    """`code`: the indicator's code where the table prints it in a column of its own; `extra`: the
    row's cells under columns no field takes, kept on each of its measurements."""
    mention = parse_mention(printed)
    if code and not mention.code:
        mention = mention.model_copy(update={"code": re.sub(r"\s+", "", code)})
    if not mention.is_indicator:
        return []  # the text stays in its table's row
    mention_id = row_id(ctx, row, f"i{index}")
    records: list[Record] = [mention_record(mention, mention_id, source, service, **provenance(ctx, row))]
    for value in values:
        raw = clean_text(value.raw)
        if not raw:
            continue  # an empty cell yields no row; any printed text does
        number, unit = parse_measure(raw)
        records.append(
            MeasurementRecord(
                **provenance(ctx, row),
                measurement_id=f"{mention_id}-{value.measure}-{(value.period or '').replace('/', '')}",
                mention_id=mention_id,
                service=service,
                source=source,
                code=mention.code,
                indicator_name=mention.name,
                period=value.period,
                measure=value.measure,
                value=number,
                unit=unit,
                raw=raw,
                assessment=value.assessment,
                rating=value.rating,
                direction=value.direction,
                extra=extra,
                pi_category=pi_category,
                activity_id=activity_id,
            )
        )
    return records
