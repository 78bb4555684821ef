"""The published site's canned queries and charts, as data.

Each query is a named SQL statement with parameters; an empty parameter means "all", so every query
also runs with no parameters (which is how `out/` gets a file of each). A column called `link`
holds `table/id` and is shown on the site as a link to that row.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CannedQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    title: str
    description: str
    sql: str
    params: list[str]
    chart: str | None = None  # "dashboard/chart" drawn above the results
    chart_needs_parameter: bool = False  # draw it only once a parameter narrows the rows
    export: bool = True  # written to out/ with every parameter empty

    def metadata(self) -> dict:
        entry = {"title": self.title, "description": self.description, "sql": self.sql.strip(),
                 "params": self.params, "hide_sql": True}
        if self.chart:
            entry["chart"] = self.chart
            entry["chart_needs_parameter"] = self.chart_needs_parameter
        return entry


def _fts_branch(kind: str, table: str, pk: str, title: str, service: str) -> str:
    return f"""
    SELECT '{kind}' AS kind, {title} AS title, {service} AS service, d.council, d.period,
           d.title AS document, snippet({table}_fts, -1, '[', ']', ' … ', 16) AS match,
           '{table}/' || t.{pk} AS link, {table}_fts.rank AS rank
    FROM {table}_fts
    JOIN {table} t ON t.rowid = {table}_fts.rowid
    LEFT JOIN documents d ON d.doc_id = t.doc_id
    WHERE {table}_fts MATCH (SELECT terms FROM q)"""


# Each word becomes a quoted FTS term, so punctuation in a search cannot break the query.
_SEARCH_TERMS = """WITH q AS (
    SELECT '"' || replace(replace(trim(:q), '"', ''), ' ', '" "') || '"' AS terms
)"""

SEARCH = CannedQuery(
    name="search",
    title="Search actions, risks, activities and indicators",
    description=(
        "One search box across the full-text indexes of actions, risks, budget activities and "
        "indicator names. Every word must appear. Each result links to its row, which shows the "
        "document and line it was printed on."
    ),
    sql=_SEARCH_TERMS
    + "\nSELECT kind, title, service, council, period, document, match, link FROM ("
    + " UNION ALL ".join([
        _fts_branch("action", "actions", "action_id", "t.title", "t.service"),
        _fts_branch("risk", "risks", "risk_id", "coalesce(t.risk_code || ' ', '') || t.title", "t.service"),
        _fts_branch("activity", "activities", "activity_id", "t.activity", "t.service"),
        """
    SELECT 'indicator' AS kind, coalesce(t.code || ' ', '') || t.name AS title, NULL AS service,
           t.council, NULL AS period, NULL AS document,
           snippet(indicators_fts, -1, '[', ']', ' … ', 16) AS match,
           'indicators/' || t.indicator_id AS link, indicators_fts.rank AS rank
    FROM indicators_fts
    JOIN indicators t ON t.rowid = indicators_fts.rowid
    WHERE indicators_fts MATCH (SELECT terms FROM q)""",
    ]) + "\n) ORDER BY rank, kind, title",
    params=["q"],
    export=False,
)

INDICATOR_SERIES = CannedQuery(
    name="indicator_over_time",
    title="An indicator's actuals and targets over time",
    description=(
        "Every actual and target printed for an indicator, year by year, across plans and councils. "
        "Give an indicator code (e.g. ITS085) or words from its name; leave council empty for all "
        "councils. With a parameter given, this page also draws the series as a chart."
    ),
    sql="""
SELECT i.council, i.code, i.name AS indicator, m.period, m.measure, m.value, m.unit, m.raw,
       m.source, m.service, d.title AS document, 'measurements/' || m.measurement_id AS link
FROM measurements m
JOIN indicators i ON i.indicator_id = m.indicator_id
JOIN documents d ON d.doc_id = m.doc_id
WHERE (:indicator = '' OR i.code = :indicator COLLATE NOCASE OR i.name LIKE '%' || :indicator || '%')
  AND (:council = '' OR i.council = :council)
ORDER BY i.council, i.code, i.name, m.period, m.measure, d.period
""",
    params=["indicator", "council"],
    chart="indicator/series",
    chart_needs_parameter=True,
)

BUDGETS = CannedQuery(
    name="budgets_by_service",
    title="Budgets by council, service and year",
    description=(
        "The printed Total: rows of the activity budget tables, added up per council, service and "
        "budget year (pounds; income is negative). Filter by council, service or year (YYYY/YY), or "
        "leave them empty for all. This page also charts net budget by service."
    ),
    sql="""
SELECT d.council, t.service, t.period, count(*) AS tables,
       sum(t.fte) AS fte, sum(t.expenditure) AS expenditure, sum(t.income) AS income, sum(t.net) AS net,
       group_concat(t.table_title, '; ') AS table_titles
FROM budget_totals t
JOIN documents d ON d.doc_id = t.doc_id
WHERE (:council = '' OR d.council = :council)
  AND (:service = '' OR t.service = :service)
  AND (:period = '' OR t.period = :period)
GROUP BY d.council, t.service, t.period
ORDER BY d.council, t.service, t.period
""",
    params=["council", "service", "period"],
    chart="budgets/net-by-service",
)

FINDINGS = CannedQuery(
    name="audit_findings",
    title="Auditor's view: what the consistency checks found",
    description=(
        "Every finding of the consistency checks, errors first, with the document it is about and "
        "links to the rows behind it (evidence). Filter by document (doc_id), severity (error, warning, "
        "info) or check."
    ),
    sql="""
SELECT f.severity, f."check", d.council, d.title AS document, f.subject, f.message,
       f.expected, f.actual, f.evidence, 'findings/' || f.finding_id AS link
FROM findings f
LEFT JOIN documents d ON d.doc_id = f.doc_id
WHERE (:doc_id = '' OR f.doc_id = :doc_id)
  AND (:severity = '' OR f.severity = :severity)
  AND (:check = '' OR f."check" = :check)
ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, d.title, f."check", f.subject
""",
    params=["doc_id", "severity", "check"],
)

FINDINGS_SUMMARY = CannedQuery(
    name="findings_summary",
    title="How many findings, by document and check",
    description="Errors, warnings and notes of the consistency checks for each document and check.",
    sql="""
SELECT d.title AS document, f.doc_id, f."check",
       SUM(f.severity = 'error') AS errors, SUM(f.severity = 'warning') AS warnings,
       SUM(f.severity = 'info') AS notes
FROM findings f LEFT JOIN documents d ON d.doc_id = f.doc_id
GROUP BY f.doc_id, f."check"
ORDER BY d.title, f."check"
""",
    params=[],
)

FINDING_EVIDENCE = CannedQuery(
    name="finding_evidence",
    title="The rows behind a finding",
    description="One row per piece of evidence of a finding (give its finding_id), linked to the row itself.",
    sql="""
SELECT f.finding_id, f.subject, json_extract(e.value, '$.table') AS "table",
       json_extract(e.value, '$.id') AS row_id, json_extract(e.value, '$.line') AS line,
       json_extract(e.value, '$.page') AS page,
       json_extract(e.value, '$.table') || '/' || json_extract(e.value, '$.id') AS link
FROM findings f, json_each(f.evidence) e
WHERE (:finding_id = '' OR f.finding_id = :finding_id)
ORDER BY f.finding_id, e.key
""",
    params=["finding_id"],
    export=False,  # a drill-down from one finding; the findings themselves are exported
)

PLAN_CHANGES = CannedQuery(
    name="plan_changes",
    title="What changed between two plans of the same service",
    description=(
        "Two plans of one service side by side: each indicator's target for the plan's own year, and "
        "each activity's net budget (pounds). Give the service as the plans name it (e.g. Corporate "
        "Services); the earlier and later years (YYYY/YY) default to the first and last plan."
    ),
    sql="""
WITH pair AS (
    SELECT coalesce(nullif(:earlier, ''), min(period)) AS p1, coalesce(nullif(:later, ''), max(period)) AS p2
    FROM documents WHERE service = :service AND (:council = '' OR council = :council)
),
plans AS (
    SELECT d.doc_id, d.period, CASE d.period WHEN pair.p1 THEN 'earlier' ELSE 'later' END AS side
    FROM documents d, pair
    WHERE d.service = :service AND (:council = '' OR d.council = :council)
      AND d.period IN (pair.p1, pair.p2) AND pair.p1 <> pair.p2
),
targets AS (
    SELECT 'target' AS what, coalesce(i.code, '') AS code, coalesce(i.name, m.indicator_name) AS item,
           max(m.unit) AS unit,
           max(CASE p.side WHEN 'earlier' THEN m.value END) AS earlier,
           max(CASE p.side WHEN 'later' THEN m.value END) AS later
    FROM measurements m
    JOIN plans p ON p.doc_id = m.doc_id AND m.period = p.period
    LEFT JOIN indicators i ON i.indicator_id = m.indicator_id
    WHERE m.measure = 'target'
    GROUP BY coalesce(m.indicator_id, m.indicator_name)
),
budgets AS (
    SELECT 'net budget' AS what, '' AS code, max(a.service || ': ' || a.activity) AS item, '£' AS unit,
           sum(CASE p.side WHEN 'earlier' THEN a.net END) AS earlier,
           sum(CASE p.side WHEN 'later' THEN a.net END) AS later
    FROM activities a
    JOIN plans p ON p.doc_id = a.doc_id
    GROUP BY lower(a.service), lower(a.activity)
)
SELECT (SELECT p1 FROM pair) AS earlier_plan, (SELECT p2 FROM pair) AS later_plan, what, code, item, unit,
       earlier, later, later - earlier AS change
FROM (SELECT * FROM targets UNION ALL SELECT * FROM budgets)
ORDER BY what DESC, item
""",
    params=["service", "council", "earlier", "later"],
    export=False,
)

QUERIES: list[CannedQuery] = [
    SEARCH, INDICATOR_SERIES, BUDGETS, FINDINGS, FINDINGS_SUMMARY, FINDING_EVIDENCE, PLAN_CHANGES,
]


DASHBOARDS: dict = {
    "indicator": {
        "title": "An indicator over time",
        "description": ("Actuals and targets printed for an indicator, by year. "
                        "Give a code or words of its name."),
        "layout": [["series"]],
        "filters": {
            "indicator": {"name": "Indicator code or name", "type": "text"},
            "council": {"name": "Council", "type": "select", "db": "plans",
                        "query": "SELECT DISTINCT council FROM indicators WHERE council IS NOT NULL "
                                 "ORDER BY 1"},
        },
        "charts": {
            "series": {
                "title": "Actuals and targets by year",
                "db": "plans",
                "library": "vega-lite",
                "query": """
SELECT i.council, coalesce(i.code, '') || ' ' || i.name AS indicator, m.period, m.measure,
       m.value, m.unit, d.title AS document
FROM measurements m
JOIN indicators i ON i.indicator_id = m.indicator_id
JOIN documents d ON d.doc_id = m.doc_id
WHERE m.value IS NOT NULL
  [[ AND (i.code = :indicator COLLATE NOCASE OR i.name LIKE '%' || :indicator || '%') ]]
  [[ AND i.council = :council ]]
ORDER BY m.period
""".strip(),
                "display": {
                    "mark": {"type": "line", "point": {"size": 80}, "tooltip": True},
                    "encoding": {
                        "x": {"field": "period", "type": "ordinal", "sort": "ascending", "title": "Year"},
                        "y": {"field": "value", "type": "quantitative", "aggregate": "mean",
                              "title": "Value"},
                        "color": {"field": "measure", "type": "nominal", "title": "Measure",
                                  "scale": {"domain": ["actual", "target"], "range": ["#1f6fb2", "#e0701b"]}},
                        "strokeDash": {"field": "measure", "type": "nominal", "legend": None},
                        "detail": {"field": "indicator", "type": "nominal"},
                        "tooltip": [{"field": "indicator"}, {"field": "council"}, {"field": "period"},
                                    {"field": "measure"}, {"field": "value", "aggregate": "mean"},
                                    {"field": "unit", "aggregate": "max"}],
                    },
                    "height": 240,
                },
            },
        },
    },
    "budgets": {
        "title": "Budgets by service",
        "description": ("Net budget (pounds) of each service, from the printed totals of its "
                        "activity budget tables."),
        "layout": [["net-by-service"]],
        "filters": {
            "council": {"name": "Council", "type": "select", "db": "plans",
                        "query": "SELECT DISTINCT council FROM documents WHERE council IS NOT NULL "
                                 "ORDER BY 1"},
            "service": {"name": "Service", "type": "text"},
            "period": {"name": "Year (YYYY/YY)", "type": "select", "db": "plans",
                       "query": "SELECT DISTINCT period FROM budget_totals WHERE period IS NOT NULL "
                                "ORDER BY 1"},
        },
        "charts": {
            "net-by-service": {
                "title": "Net budget by service and year (£)",
                "db": "plans",
                "library": "vega-lite",
                "query": """
SELECT d.council, t.service, t.period, sum(t.net) AS net
FROM budget_totals t
JOIN documents d ON d.doc_id = t.doc_id
WHERE t.net IS NOT NULL
  [[ AND d.council = :council ]]
  [[ AND t.service = :service ]]
  [[ AND t.period = :period ]]
GROUP BY d.council, t.service, t.period
ORDER BY net DESC
""".strip(),
                "display": {
                    "mark": {"type": "bar", "tooltip": True},
                    "encoding": {
                        "y": {"field": "service", "type": "nominal", "sort": "-x", "title": "Service"},
                        "x": {"field": "net", "type": "quantitative", "title": "Net budget (£)",
                              "axis": {"format": ",.0f"}},
                        "color": {"field": "period", "type": "ordinal", "title": "Year"},
                        "yOffset": {"field": "period"},
                        "tooltip": [{"field": "council"}, {"field": "service"}, {"field": "period"},
                                    {"field": "net", "format": ",.0f"}],
                    },
                },
            },
        },
    },
}
