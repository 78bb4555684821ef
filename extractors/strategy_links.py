"""How a service contributes to a wider strategy's themes (`1.1 Linkages to Sustainable Community
Strategy`: `Theme | Direct | Indirect`), into `strategy_links`: one row per theme.

Recognised by its `Direct` and `Indirect` columns; the strategy is named by the caption.
"""

from __future__ import annotations

import re

from extractors.base import Context, Extractor, provenance, row_id, skipped, unmapped
from extractors.vocabulary import match_header
from pipeline.normalise import clean_text
from pipeline.reading.layout import Table
from pipeline.records import Record, StrategyLinkRecord

_CAPTION = re.compile(r"^[\d.\s]*(?:(?:linkages?|links?|contributions?)\s+to\s+(?:the\s+)?)?", re.I)


class StrategyLinksExtractor(Extractor):
    kind = "strategy_links"

    def extract(self, table: Table, ctx: Context) -> list[Record]:
        found = match_header(table.header, self.vocabulary)
        theme_at = found.get("theme", 0)
        strategy = _CAPTION.sub("", clean_text(table.caption)).strip() or None
        records: list[Record] = []
        for row in table.rows:
            theme = clean_text(row.cell(theme_at))
            if not theme:
                if row.filled:
                    records.append(skipped(ctx, row, self.kind, "no theme named"))
                continue
            records.append(StrategyLinkRecord(
                **provenance(ctx, row),
                link_id=row_id(ctx, row, "link"),
                service=ctx.service,
                strategy=strategy,
                theme=theme,
                direct=clean_text(row.cell(found["direct"])) or None,
                indirect=clean_text(row.cell(found["indirect"])) or None,
                extra=unmapped(table.header, [theme_at, *found.values()], row),
            ))
        return records
