"""The published site's canned queries and charts, as data.

Each query is a named SQL statement with parameters; an empty parameter means "all", so every query
also runs with no parameters (which is how `out/` gets a file of each). A column called `link`
holds `table/id` and is shown on the site as a link to that row.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

PAGE = "page"  # the parameter that picks a page of a paged query's rows
# Rows per page of the queries that can return many: a page renders at about 20 µs a cell, so 50
# rows of ten columns show in about 10 ms where 1,000 took 250-400 ms.
QUERY_PAGE_SIZE = 50


class Parameter(BaseModel):
    """A canned query's parameter, as its page explains it."""

    model_config = ConfigDict(extra="forbid")

    name: str
    label: str  # shown beside its box instead of the bare name
    help: str  # what it takes
    required: bool = False  # the query has nothing to show until it is given


class CannedQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    title: str
    description: str
    sql: str
    parameters: list[Parameter] = []
    chart: str | None = None  # "dashboard/chart" drawn above the results
    chart_needs_parameter: bool = False  # draw it only once a parameter narrows the rows
    export: bool = True  # written to out/ with every parameter empty
    # Rows of the built database worth trying: each column named after a parameter fills it, `label`
    # says what the row is. The page lists them as links; none means the data has no such case.
    examples_sql: str | None = None
    examples_intro: str = "Try it with:"
    no_examples: str | None = None  # said on the page when the built database has no example
    # The chart draws one item: this SQL (given the query's parameters) lists the items they pick,
    # as (value for the chart's first filter, label); the page charts one or offers the choice.
    chart_pick_sql: str | None = None
    # Rows per page on the site, where a query can return many: Datasette renders every row a query
    # returns (up to max_returned_rows) and pages only tables, so the page is asked for in the SQL.
    # Exports (`out/`) run `sql` itself and hold every row.
    page_size: int | None = None
    # The SQL places the page itself (`page_limit`, `page_offset`), where the rows it shows are
    # picked before the costly columns are made (search: snippets for the page's rows only);
    # otherwise the whole query is wrapped in one page's LIMIT.
    pages_itself: bool = False

    @property
    def params(self) -> list[str]:
        return [p.name for p in self.parameters]

    def paged_sql(self) -> str:
        """The SQL the site runs: `sql`, one page of it at a time where the query has a page size.

        `page` empty or 1 is the first page, 2 the next, `all` every row (for the downloads).
        """
        if not self.page_size or self.pages_itself:
            return self.sql.strip()
        n = self.page_size
        return f"SELECT * FROM (\n{self.sql.strip()}\n)\nLIMIT {page_limit(n)}\nOFFSET {page_offset(n)}"

    def page_parameter(self) -> Parameter | None:
        if not self.page_size:
            return None
        return Parameter(name=PAGE, label="Page",
                         help=f"{self.page_size} rows a page: empty or 1 for the first, 2, 3… for the next; "
                              "all for every row (to download them)")

    @property
    def required(self) -> list[str]:
        return [p.name for p in self.parameters if p.required]

    def metadata(self) -> dict:
        paging = [self.page_parameter()] if self.page_size else []
        entry = {"title": self.title, "description": self.description, "sql": self.paged_sql(),
                 "params": self.params + [p.name for p in paging], "hide_sql": True,
                 "param_labels": {p.name: p.label for p in [*self.parameters, *paging]},
                 "required_params": self.required}
        if self.chart:
            entry["chart"] = self.chart
            entry["chart_needs_parameter"] = self.chart_needs_parameter
            entry["chart_picks"] = self.chart_pick_sql is not None
        return entry


def page_limit(n: int) -> str:
    """SQL for the rows of one page of `n` (`page` empty or 1: the first; `all`: every row)."""
    return f"CASE WHEN :{PAGE} = 'all' THEN -1 ELSE {n} END"


def page_offset(n: int) -> str:
    """SQL for the rows before the page `page` asks for."""
    return f"CASE WHEN :{PAGE} = 'all' THEN 0 ELSE max(0, CAST(:{PAGE} AS INTEGER) - 1) * {n} END"


def pages_up_to(n: int) -> str:
    """SQL for the rows of every page up to and including the one `page` asks for."""
    return f"CASE WHEN :{PAGE} = 'all' THEN -1 ELSE max(1, CAST(:{PAGE} AS INTEGER)) * {n} END"


COUNCIL = Parameter(name="council", label="Council",
                    help="the council as the plans name it (e.g. West Lothian Council); empty for every council")


# What the search looks in: (kind, table, its key, the title shown, its service, whether its rows
# name a document). Each table's matches are ranked by its own full-text index.
_SEARCHED = [
    ("action", "actions", "action_id", "t.title", "t.service", True),
    ("activity", "activities", "activity_id", "t.activity", "t.service", True),
    ("indicator", "indicators", "indicator_id", "coalesce(t.code || ' ', '') || t.name", "NULL", False),
    ("risk", "risks", "risk_id", "coalesce(t.risk_code || ' ', '') || t.title", "t.service", True),
]


def _search_sql(n: int) -> str:
    """Each table's best matches, as many as the pages up to the one asked for, ranked in its full-text
    index (`ORDER BY rank LIMIT`, which reads no row's text); the page picked from those; then only
    the page's rows joined to their tables and documents and given their snippets."""
    terms = "(SELECT terms FROM q)"
    ranked = "\n    UNION ALL\n".join(
        f"    SELECT * FROM (SELECT '{kind}' AS kind, rowid AS id, rank FROM {table}_fts\n"
        f"                   WHERE {table}_fts MATCH {terms} ORDER BY rank, rowid LIMIT {pages_up_to(n)})"
        for kind, table, *_ in _SEARCHED)
    shown, every = [], []
    for kind, table, pk, title, service, documented in _SEARCHED:
        council, period, document = (("d.council", "d.period", "d.title") if documented
                                     else ("t.council", "NULL", "NULL"))
        columns = f"""{title} AS title, {service} AS service, {council} AS council,
           {period} AS period, {document} AS document,
           snippet({table}_fts, -1, '[', ']', ' … ', 16) AS match, '{table}/' || t.{pk} AS link"""
        join = "\n    LEFT JOIN documents d ON d.doc_id = t.doc_id" if documented else ""
        shown.append(f"""    SELECT p.rank, p.kind, p.id, {columns}
    FROM page p
    JOIN {table}_fts ON {table}_fts.rowid = p.id
    JOIN {table} t ON t.rowid = p.id{join}
    WHERE :{PAGE} <> 'all' AND p.kind = '{kind}' AND {table}_fts MATCH {terms}""")
        every.append(f"""    SELECT {table}_fts.rank, '{kind}', t.rowid, {columns}
    FROM {table}_fts
    JOIN {table} t ON t.rowid = {table}_fts.rowid{join}
    WHERE :{PAGE} = 'all' AND {table}_fts MATCH {terms}""")
    # each word becomes a quoted term, so punctuation in a search cannot break the query
    return (f"""WITH q AS (SELECT '"' || replace(replace(trim(:q), '"', ''), ' ', '" "') || '"' AS terms),
ranked AS (
{ranked}
),
page AS MATERIALIZED (
    SELECT kind, id, rank FROM ranked ORDER BY rank, kind, id
    LIMIT {page_limit(n)} OFFSET {page_offset(n)}
)
SELECT kind, title, service, council, period, document, match, link FROM (
""" + "\n    UNION ALL\n".join(shown + every) + "\n) ORDER BY rank, kind, id")

SEARCH = CannedQuery(
    name="search",
    page_size=QUERY_PAGE_SIZE,
    pages_itself=True,
    title="Search actions, risks, activities and indicators",
    description=(
        "One search box across the full-text indexes of actions, risks, budget activities and "
        "indicator names. Every word must appear. Each result links to its row, which shows the "
        "document and line it was printed on."
    ),
    sql=_search_sql(QUERY_PAGE_SIZE),
    parameters=[Parameter(name="q", label="Search for", required=True,
                          help="words to find; every word must appear (e.g. digital transformation)")],
    export=False,
)

# How an indicator is named in the chart's picker: code, name and council, so that one reads which.
INDICATOR_LABEL = "coalesce(i.code || ' · ', '') || i.name || coalesce(' (' || i.council || ')', '')"
# Indicators a query page's `indicator` parameter picks: by label, id, code or words of the name.
INDICATOR_PICK = f"""
SELECT i.indicator_id, {INDICATOR_LABEL} AS label
FROM indicators i
WHERE :indicator <> ''
  AND ({INDICATOR_LABEL} = :indicator OR i.indicator_id = :indicator
       OR i.code = :indicator COLLATE NOCASE OR i.name LIKE '%' || :indicator || '%')
  AND (:council = '' OR i.council = :council)
  AND EXISTS (SELECT 1 FROM measurements m WHERE m.indicator_id = i.indicator_id AND m.value IS NOT NULL)
ORDER BY label
"""
# The series queries read indicators first (CROSS JOIN keeps SQLite to that order): the few
# indicators picked, or all of them in the listed order by their index, then each one's
# measurements by theirs; the other way round reads every measurement.
INDICATOR_SERIES = CannedQuery(
    name="indicator_over_time",
    page_size=QUERY_PAGE_SIZE,
    title="An indicator's actuals and targets over time",
    description=(
        "Every actual and target printed for an indicator, year by year, across plans and councils. "
        "Give an indicator code (e.g. ITS085) or words from its name; leave council empty for all "
        "councils. With a parameter given, this page also draws the series as a chart."
    ),
    sql="""
SELECT i.council, i.code, i.name AS indicator, m.period, m.measure, m.value, m.unit, m.raw,
       m.source, m.service, d.title AS document, 'measurements/' || m.measurement_id AS link
FROM indicators i
CROSS JOIN measurements m ON m.indicator_id = i.indicator_id
JOIN documents d ON d.doc_id = m.doc_id
WHERE (:indicator = '' OR i.indicator_id = :indicator OR i.code = :indicator COLLATE NOCASE
       OR i.name LIKE '%' || :indicator || '%')
  AND (:council = '' OR i.council = :council)
ORDER BY i.council, i.code, i.name, m.period, m.measure, d.period
""",
    parameters=[
        Parameter(name="indicator", label="Indicator code or name",
                  help="an indicator code (e.g. ITS085) or words of its name; empty for every indicator"),
        COUNCIL,
    ],
    examples_sql="""
SELECT i.code AS indicator, '' AS council, i.code || ' ' || i.name AS label
FROM indicators i JOIN measurements m ON m.indicator_id = i.indicator_id
WHERE i.code IS NOT NULL
GROUP BY i.indicator_id HAVING count(*) >= 3
ORDER BY count(*) DESC, i.code LIMIT 5""",
    examples_intro="Indicators printed with most values:",
    chart="indicator/series",
    chart_needs_parameter=True,
    chart_pick_sql=INDICATOR_PICK,
)

BUDGETS = CannedQuery(
    name="budgets_by_service",
    page_size=QUERY_PAGE_SIZE,
    title="Budgets by council, service and year",
    description=(
        "The printed Total: rows of the activity budget tables, added up per council, service and "
        "budget year, in pounds. Income is shown as a negative amount (money coming in) whichever way "
        "the plan printed its sign; `tables` says how many printed totals each row adds up, and "
        "`table_titles` which. The chart on this page draws each printed total as its own bar segment."
    ),
    sql="""
SELECT d.council, t.service, t.period, count(*) AS tables,
       sum(t.fte) AS fte, sum(t.expenditure) AS expenditure, sum(-abs(t.income)) AS income, sum(t.net) AS net,
       group_concat(t.table_title, '; ') AS table_titles
FROM budget_totals t
JOIN documents d ON d.doc_id = t.doc_id
WHERE (:council = '' OR d.council = :council)
  AND (:service = '' OR t.service = :service)
  AND (:period = '' OR t.period = :period)
GROUP BY d.council, t.service, t.period
ORDER BY d.council, t.service, t.period
""",
    parameters=[
        COUNCIL,
        Parameter(name="service", label="Service", help="the service as its budget tables name it; empty for all"),
        Parameter(name="period", label="Budget year", help="YYYY/YY, e.g. 2020/21; empty for every year"),
    ],
    examples_sql="""
SELECT '' AS council, '' AS service, period, period || ' (' || count(*) || ' printed totals)' AS label
FROM budget_totals WHERE period IS NOT NULL GROUP BY period ORDER BY period""",
    examples_intro="Budget years with printed totals:",
    no_examples="This database holds no activity budget with a printed Total: row.",
    chart="budgets/net-by-service",
)

FINDINGS = CannedQuery(
    name="audit_findings",
    page_size=QUERY_PAGE_SIZE,
    title="Auditor's view: what the consistency checks found",
    description=(
        "Every finding of the consistency checks, errors first, with the document it is about and "
        "links to the rows behind it (evidence). Filter by document (doc_id), severity (error, warning, "
        "info) or check."
    ),
    # finding_order holds every finding in this order (written by the build): a page reads its rows
    # in that order and stops, where sorting the findings would read them all on every request
    sql="""
SELECT f.severity, f."check", d.council, d.title AS document, f.subject, f.message,
       f.expected, f.actual, f.evidence, 'findings/' || f.finding_id AS link
FROM finding_order o
CROSS JOIN findings f ON f.finding_id = o.finding_id
LEFT JOIN documents d ON d.doc_id = f.doc_id
WHERE (:doc_id = '' OR o.doc_id = :doc_id)
  AND (:severity = '' OR o.severity = :severity)
  AND (:check = '' OR o."check" = :check)
ORDER BY o.position
""",
    parameters=[
        Parameter(name="doc_id", label="Document (doc_id)", help="one document's doc_id; empty for all"),
        Parameter(name="severity", label="Severity", help="error, warning or info; empty for all"),
        Parameter(name="check", label="Check", help="the name of one check (see docs/CHECKS.md); empty for all"),
    ],
    examples_sql="""
SELECT '' AS doc_id, severity, '' AS "check", severity || ': ' || count(*) || ' finding(s)' AS label
FROM findings GROUP BY severity
ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END""",
    examples_intro="Findings in this database, by severity (a severity not listed has none):",
    no_examples="The checks found nothing in this database.",
)

FINDINGS_SUMMARY = CannedQuery(
    name="findings_summary",
    title="How many findings, by document and check",
    description="Errors, warnings and notes of the consistency checks for each document and check.",
    page_size=QUERY_PAGE_SIZE,
    # counted by the build (finding_counts), not by grouping every finding on each request
    sql="""
SELECT document, doc_id, "check", errors, warnings, notes
FROM finding_counts
ORDER BY position
""",
    parameters=[],
)

FINDING_EVIDENCE = CannedQuery(
    name="finding_evidence",
    title="The rows behind a finding",
    description="One row per piece of evidence of a finding (give its finding_id), linked to the row itself.",
    # one finding's rows, found by its key (the parameter is needed: no page lists every finding's)
    sql="""
SELECT f.finding_id, f.subject, json_extract(e.value, '$.table') AS "table",
       json_extract(e.value, '$.id') AS row_id, json_extract(e.value, '$.line') AS line,
       json_extract(e.value, '$.page') AS page,
       json_extract(e.value, '$.table') || '/' || json_extract(e.value, '$.id') AS link
FROM findings f, json_each(f.evidence) e
WHERE f.finding_id = :finding_id
ORDER BY f.finding_id, e.key
""",
    parameters=[Parameter(name="finding_id", label="Finding (finding_id)", required=True,
                          help="the finding_id of one finding, as listed by the auditor's view")],
    examples_sql="""
SELECT finding_id, finding_id || ': ' || subject AS label FROM findings
WHERE json_array_length(evidence) > 0 ORDER BY finding_id LIMIT 3""",
    no_examples="No finding in this database has evidence rows.",
    export=False,  # a drill-down from one finding; the findings themselves are exported
)

# A service's plans for two or more years: what `plan_changes` can compare.
SERVICES_WITH_TWO_PLANS = """
SELECT service, coalesce(council, '') AS council, '' AS earlier, '' AS later,
       service || coalesce(' (' || council || ')', '') || ': ' || group_concat(period, ', ') AS label
FROM (SELECT DISTINCT service, council, period FROM documents
      WHERE service IS NOT NULL AND period IS NOT NULL ORDER BY period)
GROUP BY service, council HAVING count(*) >= 2
ORDER BY council, service"""

PLAN_CHANGES = CannedQuery(
    name="plan_changes",
    title="What changed between two plans of the same service",
    description=(
        "Two plans of one service side by side: each indicator's target for the plan's own year, each "
        "activity's net budget (pounds), and which actions, projects and risks each plan lists (with "
        "their status where printed). A target printed with different values in one plan is left empty "
        "and its values are given in `note`. The earlier and later years (YYYY/YY) default to the "
        "service's first and last plan."
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
target_values AS (
    SELECT coalesce(m.indicator_id, m.indicator_name) AS k, p.side, coalesce(i.code, '') AS code,
           coalesce(i.name, m.indicator_name) AS item, m.unit, m.value, m.raw
    FROM measurements m
    JOIN plans p ON p.doc_id = m.doc_id AND m.period = p.period
    LEFT JOIN indicators i ON i.indicator_id = m.indicator_id
    WHERE m.measure = 'target'
),
targets AS (
    SELECT 'target' AS what, max(code) AS code, max(item) AS item, max(unit) AS unit,
           CASE WHEN min(CASE side WHEN 'earlier' THEN value END) = max(CASE side WHEN 'earlier' THEN value END)
                THEN min(CASE side WHEN 'earlier' THEN value END) END AS earlier,
           CASE WHEN min(CASE side WHEN 'later' THEN value END) = max(CASE side WHEN 'later' THEN value END)
                THEN min(CASE side WHEN 'later' THEN value END) END AS later,
           CASE WHEN count(DISTINCT CASE side WHEN 'earlier' THEN value END) > 1
                  OR count(DISTINCT CASE side WHEN 'later' THEN value END) > 1
                THEN 'printed with different values: ' || group_concat(DISTINCT side || ' ' || raw) END AS note
    FROM target_values
    GROUP BY k
),
budgets AS (
    SELECT 'net budget' AS what, '' AS code, max(a.service || ': ' || a.activity) AS item, '£' AS unit,
           sum(CASE p.side WHEN 'earlier' THEN a.net END) AS earlier,
           sum(CASE p.side WHEN 'later' THEN a.net END) AS later, NULL AS note
    FROM activities a
    JOIN plans p ON p.doc_id = a.doc_id
    GROUP BY lower(a.service), lower(a.activity)
),
listed AS (
    SELECT a.kind AS what, '' AS code, max(a.title) AS item, '' AS unit,
           max(CASE p.side WHEN 'earlier' THEN coalesce(a.status, 'listed') END) AS earlier,
           max(CASE p.side WHEN 'later' THEN coalesce(a.status, 'listed') END) AS later, NULL AS note
    FROM actions a JOIN plans p ON p.doc_id = a.doc_id
    WHERE a.title IS NOT NULL
    GROUP BY a.kind, lower(trim(a.title))
    UNION ALL
    SELECT 'risk', coalesce(max(r.risk_code), ''), max(r.title), '',
           max(CASE p.side WHEN 'earlier' THEN coalesce(r.rating, 'listed') END),
           max(CASE p.side WHEN 'later' THEN coalesce(r.rating, 'listed') END), NULL
    FROM risks r JOIN plans p ON p.doc_id = r.doc_id
    WHERE r.title IS NOT NULL
    GROUP BY lower(trim(r.title))
)
SELECT (SELECT p1 FROM pair) AS earlier_plan, (SELECT p2 FROM pair) AS later_plan, what, code, item, unit,
       earlier, later,
       CASE WHEN typeof(earlier) IN ('integer', 'real') AND typeof(later) IN ('integer', 'real')
            THEN later - earlier
            WHEN earlier IS NULL AND later IS NOT NULL THEN 'only in the later plan'
            WHEN later IS NULL AND earlier IS NOT NULL THEN 'only in the earlier plan' END AS change,
       note
FROM (SELECT * FROM targets UNION ALL SELECT * FROM budgets UNION ALL SELECT * FROM listed)
ORDER BY CASE what WHEN 'target' THEN 0 WHEN 'net budget' THEN 1 WHEN 'risk' THEN 3 ELSE 2 END, what, item
""",
    parameters=[
        Parameter(name="service", label="Service", required=True,
                  help="the service as its plans name it (documents.service), e.g. Corporate Services"),
        COUNCIL,
        Parameter(name="earlier", label="Earlier plan's year",
                  help="YYYY/YY of the earlier plan; empty for the service's first plan"),
        Parameter(name="later", label="Later plan's year",
                  help="YYYY/YY of the later plan; empty for the service's last plan"),
    ],
    examples_sql=SERVICES_WITH_TWO_PLANS,
    examples_intro="Services with two or more plans in this database:",
    no_examples=("This database holds no service with two plans (two documents naming the same service "
                 "for different years), so this query has nothing to compare yet."),
    export=False,
)

QUERIES: list[CannedQuery] = [
    SEARCH, INDICATOR_SERIES, BUDGETS, FINDINGS, FINDINGS_SUMMARY, FINDING_EVIDENCE, PLAN_CHANGES,
]


# Where a value was printed, as the chart labels its mark.
_PRINTED_AT = ("replace(m.source, '_', ' ') || CASE WHEN m.page IS NOT NULL THEN ', page ' || m.page "
               "WHEN m.line IS NOT NULL THEN ', line ' || m.line ELSE '' END")

DASHBOARDS: dict = {
    "indicator": {
        "title": "An indicator over time",
        "description": (
            "Every actual and target printed for one indicator, by year: one mark per place it was "
            "printed, labelled with the table kind and line (or page) it came from, so values that "
            "disagree are drawn side by side, never averaged (ringed in red: the plan prints that year's "
            "value differently elsewhere; the auditor's view lists the conflict). Pick the indicator by "
            "code or name. Each unit gets its own axis."),
        "layout": [["series"]],
        "filters": {
            "indicator": {"name": "Indicator (type a code or words of its name)", "type": "select",
                          "db": "plans",
                          "query": f"SELECT DISTINCT {INDICATOR_LABEL} AS label FROM indicators i "
                                   "WHERE EXISTS (SELECT 1 FROM measurements m WHERE m.indicator_id = "
                                   "i.indicator_id AND m.value IS NOT NULL) ORDER BY label"},
        },
        "charts": {
            "series": {
                "title": "Each printed actual and target, by year",
                "db": "plans",
                "library": "vega-lite",
                "query": f"""
SELECT {INDICATOR_LABEL} AS indicator, m.period, m.measure, m.value, m.unit, m.raw,
       CASE coalesce(m.unit, '') WHEN '' THEN 'Value (number)' ELSE 'Value (' || m.unit || ')' END AS axis,
       {_PRINTED_AT} AS printed_at,
       m.raw || ' · ' || {_PRINTED_AT} AS label,
       CASE WHEN min(m.value) OVER same <> max(m.value) OVER same THEN 'printed differently elsewhere'
            ELSE 'agrees' END AS agreement,
       d.title AS document
FROM indicators i
CROSS JOIN measurements m ON m.indicator_id = i.indicator_id
JOIN documents d ON d.doc_id = m.doc_id
WHERE m.value IS NOT NULL AND :indicator <> ''
  AND ({INDICATOR_LABEL} = :indicator OR i.indicator_id = :indicator)
WINDOW same AS (PARTITION BY m.indicator_id, m.period, m.measure, coalesce(m.unit, ''))
ORDER BY m.period, m.measure, m.source, m.line, m.page
""".strip(),
                "display": {
                    "facet": {"row": {"field": "axis", "type": "nominal", "title": None,
                                      "header": {"labelAngle": -90, "labelOrient": "left",
                                                 "labelFontSize": 12, "labelFontWeight": "bold"}}},
                    "resolve": {"scale": {"y": "independent"}},
                    "spec": {
                        "width": 640,
                        "height": 240,
                        "encoding": {
                            "x": {"field": "period", "type": "ordinal", "sort": "ascending", "title": "Year"},
                            "xOffset": {"field": "printed_at", "type": "nominal"},
                            "y": {"field": "value", "type": "quantitative", "title": None,
                                  "scale": {"zero": False, "padding": 20}},
                        },
                        "layer": [
                            {"mark": {"type": "point", "size": 300, "strokeWidth": 2.5, "color": "#c0392b"},
                             "transform": [{"filter": "datum.agreement != 'agrees'"}]},
                            {"mark": {"type": "point", "filled": True, "size": 90, "tooltip": True},
                             "encoding": {
                                 "color": {"field": "measure", "type": "nominal", "title": "Measure",
                                           "scale": {"domain": ["actual", "target"],
                                                     "range": ["#1f6fb2", "#e0701b"]}},
                                 "shape": {"field": "measure", "type": "nominal", "title": "Measure",
                                           "scale": {"domain": ["actual", "target"]}},
                                 "tooltip": [{"field": "indicator"}, {"field": "period", "title": "year"},
                                             {"field": "measure"}, {"field": "raw", "title": "printed"},
                                             {"field": "printed_at", "title": "printed in"},
                                             {"field": "document"}, {"field": "agreement"}]}},
                            {"mark": {"type": "text", "dy": -14, "dx": 4, "fontSize": 10, "angle": -30,
                                      "align": "left"},
                             "encoding": {"text": {"field": "label"}}},
                        ],
                    },
                },
            },
        },
    },
    "budgets": {
        "title": "Budgets by service",
        "description": ("Net budget (pounds) of each service: each bar segment is one printed Total: row "
                        "of an activity budget table (hover for its table and line), never a figure "
                        "the plans do not print."),
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
SELECT d.council, t.service, t.period, t.net, t.table_title,
       CASE WHEN t.page IS NOT NULL THEN 'page ' || t.page ELSE 'line ' || t.line END AS printed_at
FROM budget_totals t
JOIN documents d ON d.doc_id = t.doc_id
WHERE t.net IS NOT NULL
  [[ AND d.council = :council ]]
  [[ AND t.service = :service ]]
  [[ AND t.period = :period ]]
ORDER BY t.service, t.period, t.line, t.page
""".strip(),
                "display": {
                    "mark": {"type": "bar", "tooltip": True, "stroke": "white", "strokeWidth": 1},
                    "encoding": {
                        "y": {"field": "service", "type": "nominal", "title": "Service",
                              "sort": {"op": "sum", "field": "net", "order": "descending"},
                              "axis": {"labelLimit": 160}},
                        "x": {"field": "net", "type": "quantitative", "title": "Net budget (£)",
                              "stack": "zero", "axis": {"format": "~s", "labelExpr": "'£' + datum.label"}},
                        "color": {"field": "period", "type": "ordinal", "title": "Year"},
                        "yOffset": {"field": "period"},
                        "detail": {"field": "table_title"},
                        "tooltip": [{"field": "council"}, {"field": "service"}, {"field": "period", "title": "year"},
                                    {"field": "table_title", "title": "printed total of"},
                                    {"field": "printed_at", "title": "printed at"},
                                    {"field": "net", "title": "net (£)", "format": ",.0f"}],
                    },
                },
            },
        },
    },
}
