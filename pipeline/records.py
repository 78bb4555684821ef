"""One pydantic model per database table. Field names are SCHEMA.md's; provenance is required.

The database schema (types, keys, column descriptions) is generated from these models, so the
models, the database and the published column descriptions cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _from_json(value: Any) -> Any:
    """A JSON column read back from the database arrives as text; in a model it is a list or dict."""
    return json.loads(value) if isinstance(value, str) else value


# JSON columns: lists and dicts in the models, stored as JSON text by sqlite-utils.
JSONList = Annotated[list, BeforeValidator(_from_json)]
JSONCells = Annotated[dict[str, str] | None, BeforeValidator(_from_json)]


class Record(BaseModel):
    """Base for every extracted row."""

    model_config = ConfigDict(extra="forbid")

    table: ClassVar[str]
    pk: ClassVar[str | None] = None
    table_description: ClassVar[str] = ""
    foreign_keys: ClassVar[dict[str, tuple[str, str]]] = {}
    indexes: ClassVar[list[str]] = []


class Provenance(Record):
    """Where a row was printed: document, line (text) or page (PDF), and the text as read."""

    doc_id: str = Field(description="The document the row was read from (documents.doc_id).")
    line: int | None = Field(None, description="Line of the row's first cell (text documents), 1-based.")
    page: int | None = Field(None, description="Page the row is printed on (PDF documents), 1-based.")
    source_text: str = Field("", description="The row as read, before normalisation.")

    foreign_keys: ClassVar[dict[str, tuple[str, str]]] = {"doc_id": ("documents", "doc_id")}


class TableRow(Provenance):
    """A row of a printed table; each such model ends with `extra`, so nothing printed is dropped."""


class DocumentRecord(Record):
    table: ClassVar[str] = "documents"
    pk: ClassVar[str | None] = "doc_id"
    table_description: ClassVar[str] = "One row per plan document read from raw/."

    doc_id: str = Field(description="First 12 hex digits of the SHA-256 of the file's bytes.")
    source_file: str = Field(description="Path of the file under raw/.")
    format: Literal["pdf", "text"] = Field(description="pdf or text.")
    council: str | None = Field(None, description="The council that published the plan.")
    service: str | None = Field(None, description="Directorate or service area the whole plan covers.")
    title: str | None = Field(None, description="The plan's title as printed.")
    doc_type: str | None = Field(
        None, description="management_plan, service_area_plan, improvement_plan, performance_report, budget, "
        "risk_register, delivery_plan or other.",
    )
    period: str | None = Field(None, description="The year the plan is for (YYYY/YY).")
    pages: int | None = Field(None, description="PDF page count; NULL for text.")
    url: str | None = Field(None, description="Where the original was published, where known.")


class ServiceRecord(Provenance):
    table: ClassVar[str] = "services"
    pk: ClassVar[str | None] = "service_id"
    table_description: ClassVar[str] = "One row per unit a plan describes (a WLAM unit, a service area team)."
    indexes: ClassVar[list[str]] = ["doc_id", "name"]

    service_id: str = Field(description="Stable id: document and line of the unit's header.")
    name: str = Field(description="The unit's section heading (or contents-list / caption name).")
    manager: str | None = Field(None, description="Manager as printed, name and job title.")
    deputies: str | None = Field(None, description="Deputy managers as printed, where the header names them.")
    portfolio_holder: str | None = Field(None, description="Elected member holding the portfolio, where printed.")
    staff_fte: float | None = Field(None, description="Number of staff stated in the unit's header (FTE).")
    locations: str | None = Field(None, description="Locations as printed.")
    name_source: str | None = Field(
        None, description="Where the name came from: heading, contents, caption, header, or position "
        "(`Unit N`: nothing names it).")


class ActivityRecord(TableRow):
    table: ClassVar[str] = "activities"
    pk: ClassVar[str | None] = "activity_id"
    table_description: ClassVar[str] = "One row per row of an activity budget table."
    indexes: ClassVar[list[str]] = ["doc_id", "service", "period"]

    activity_id: str = Field(description="Stable id: document and line of the row.")
    service: str | None = Field(None, description="The unit the table belongs to.")
    table_title: str | None = Field(None, description="The caption printed above the table.")
    activity: str = Field(description="Activity name.")
    description: str | None = Field(None, description="Activity description.")
    corporate_plan_link: str | None = Field(None, description="The corporate priority or enabler it serves.")
    fte: float | None = Field(None, description="Staff resources (full-time equivalents).")
    expenditure: int | None = Field(None, description="Revenue expenditure budget, £.")
    income: int | None = Field(
        None, description="Income, £, stored negative whatever the print (the print is in source_text).")
    net: int | None = Field(None, description="Net revenue budget, £.")
    period: str | None = Field(None, description="Budget year (YYYY/YY).")
    extra: JSONCells = Field(
        None, description="JSON object: printed header -> cell, for the columns no field takes.")



class BudgetTotalRecord(TableRow):
    table: ClassVar[str] = "budget_totals"
    pk: ClassVar[str | None] = "total_id"
    table_description: ClassVar[str] = "The Total: row of each activity budget table, as printed (not recomputed)."
    indexes: ClassVar[list[str]] = ["doc_id", "service", "period"]

    total_id: str = Field(description="Stable id: document and line of the Total: row.")
    service: str | None = Field(None, description="The unit the table belongs to.")
    table_title: str | None = Field(None, description="The caption printed above the table.")
    fte: float | None = Field(None, description="Total staff resources (FTE), as printed.")
    expenditure: int | None = Field(None, description="Total expenditure, £, as printed.")
    income: int | None = Field(
        None, description="Total income, £, stored negative whatever the print (the print is in source_text).")
    net: int | None = Field(None, description="Total net budget, £, as printed.")
    period: str | None = Field(None, description="Budget year (YYYY/YY).")
    extra: JSONCells = Field(
        None, description="JSON object: printed header -> cell, for the columns no field takes.")



class MentionRecord(Provenance):
    """An indicator as printed in a table, before it is linked to the registry."""

    table: ClassVar[str] = "indicator_mentions"
    pk: ClassVar[str | None] = "mention_id"
    table_description: ClassVar[str] = "Every place an indicator is printed, and how it was linked to the registry."
    indexes: ClassVar[list[str]] = ["doc_id", "indicator_id", "code_printed"]
    foreign_keys: ClassVar[dict[str, tuple[str, str]]] = {
        "doc_id": ("documents", "doc_id"),
        "indicator_id": ("indicators", "indicator_id"),
    }

    mention_id: str = Field(description="Stable id: document, line and position in the cell.")
    indicator_id: str | None = Field(None, description="The registry indicator it was linked to.")
    text: str = Field(description="The mention as printed.")
    code_printed: str | None = Field(None, description="The code as printed, without prefix or category.")
    name: str = Field(description="The printed name, code, prefix, category and target removed.")
    public: bool = Field(False, description="Printed with the P: prefix.")
    corporate_plan: bool = Field(False, description="Printed with the CP: prefix.")
    category: str | None = Field(None, description="WLAM category suffix printed after the code.")
    match_method: str | None = Field(None, description="code, name_exact, name_fuzzy or new.")
    match_score: float | None = Field(None, description="0-100: how sure the link is.")
    source: str = Field(description="The kind of table it was printed in.")
    service: str | None = Field(None, description="The unit whose table printed it.")
    new_indicator: bool = Field(
        False, description="Printed as `New indicator …`: never linked by name to an older one.")


class MeasurementRecord(TableRow):
    table: ClassVar[str] = "measurements"
    pk: ClassVar[str | None] = "measurement_id"
    table_description: ClassVar[str] = "Every value printed against an indicator, in long form (one value per row)."
    indexes: ClassVar[list[str]] = ["doc_id", "service", "code", "period", "indicator_id"]
    foreign_keys: ClassVar[dict[str, tuple[str, str]]] = {
        "doc_id": ("documents", "doc_id"),
        "indicator_id": ("indicators", "indicator_id"),
        "activity_id": ("activities", "activity_id"),
        "mention_id": ("indicator_mentions", "mention_id"),
    }

    measurement_id: str = Field(description="Stable id: mention and measure.")
    mention_id: str = Field(description="The printed mention the value belongs to.")
    service: str | None = Field(None, description="The unit the value is reported for.")
    source: Literal["scorecard", "activity_budget", "priorities", "quarterly"] = Field(
        description="The kind of table the value was printed in."
    )
    indicator_id: str | None = Field(None, description="The registry indicator.")
    code: str | None = Field(None, description="Canonical indicator code; NULL when none.")
    indicator_name: str = Field(description="The indicator's name as printed, code stripped.")
    period: str | None = Field(None, description="YYYY/YY or YYYY/YY Qn.")
    measure: Literal["actual", "target", "floor"] = Field(
        description="actual, target or floor (a minimum standard printed beside the target).")
    value: float | None = Field(None, description="The number; NULL where the cell holds none.")
    unit: str | None = Field(None, description="%, £, days, hours or NULL.")
    raw: str = Field(description="The cell as printed.")
    assessment: str | None = Field(None, description="exceeded, met or below, from a scorecard's trend mark.")
    pi_category: str | None = Field(None, description="PI category (activity budgets): High Level, Public, WLAM.")
    rating: str | None = Field(None, description="green, amber or red: a printed RAG status of the value.")
    direction: str | None = Field(
        None, description="improving, same or worsening: a printed direction-of-travel mark.")
    activity_id: str | None = Field(None, description="Activity budgets: the activity the target belongs to.")
    extra: JSONCells = Field(
        None, description="JSON object: printed header -> cell, for the columns no field takes.")



class RiskRecord(TableRow):
    table: ClassVar[str] = "risks"
    pk: ClassVar[str | None] = "risk_id"
    table_description: ClassVar[str] = "Risks from risk registers and risk sections."
    indexes: ClassVar[list[str]] = ["doc_id", "service", "risk_code"]

    risk_id: str = Field(description="Stable id: document and line.")
    service: str | None = Field(None, description="The unit (or the plan's service for plan-level registers).")
    risk_code: str | None = Field(None, description="Risk register code, e.g. WLC014.")
    title: str | None = Field(None, description="Risk title.")
    description: str | None = Field(None, description="Risk description.")
    score: int | None = Field(None, description="Current risk score.")
    rating: str | None = Field(None, description="A printed RAG or level word such as Red, else NULL.")
    cause: str | None = Field(None, description="Source or cause of the risk, as printed.")
    consequence: str | None = Field(None, description="Consequence, as printed.")
    likelihood: int | None = Field(None, description="Likelihood as printed (e.g. 1-5).")
    impact: int | None = Field(None, description="Impact as printed (e.g. 1-5).")
    owner: str | None = Field(None, description="Risk owner, as printed.")
    controls: str | None = Field(None, description="Existing controls or mitigations, as printed.")
    target_score: int | None = Field(None, description="Target (residual) risk score.")
    exposure: int | None = Field(None, description="Financial exposure printed with the risk, in pounds.")
    risk_group: str | None = Field(None, description="The directorate or category column, where printed.")
    planned_actions: str | None = Field(None, description="Planned mitigating actions.")
    comments: str | None = Field(None, description="Comments as printed.")
    extra: JSONCells = Field(
        None, description="JSON object: printed header -> cell, for the columns no field takes.")



class ActionRecord(TableRow):
    table: ClassVar[str] = "actions"
    pk: ClassVar[str | None] = "action_id"
    table_description: ClassVar[str] = "Actions, projects and workstreams."
    indexes: ClassVar[list[str]] = ["doc_id", "service", "status"]

    action_id: str = Field(description="Stable id: document and line.")
    service: str | None = Field(None, description="The unit the action belongs to.")
    kind: Literal["action", "project"] = Field(description="action or project.")
    group: str | None = Field(None, description="Sub-heading the row sits under.")
    title: str = Field(description="Action or project title.")
    description: str | None = Field(None, description="Description.")
    planned_outcome: str | None = Field(None, description="Planned outcome.")
    owner: str | None = Field(None, description="Owner(s) as printed.")
    start: str | None = Field(None, description="Start month (YYYY-MM).")
    end: str | None = Field(None, description="End month (YYYY-MM).")
    start_raw: str | None = Field(None, description="Start as printed.")
    end_raw: str | None = Field(None, description="End as printed.")
    status: str | None = Field(None, description="active, planned, complete, ongoing ...")
    update: str | None = Field(None, description="Progress update.")
    budget_impact: str | None = Field(None, description="Budget impact as printed.")
    milestones: str | None = Field(None, description="Milestones, joined.")
    impact_on_other_services: str | None = Field(None, description="Impact on other services, as printed.")
    extra: JSONCells = Field(
        None, description="JSON object: printed header -> cell, for the columns no field takes.")



class PriorityRecord(TableRow):
    table: ClassVar[str] = "priorities"
    pk: ClassVar[str | None] = "priority_id"
    table_description: ClassVar[str] = "Rows of an Alignment with Corporate Priorities / Enablers table."
    indexes: ClassVar[list[str]] = ["doc_id", "deliverable_code"]

    priority_id: str = Field(description="Stable id: document and line.")
    priority: str | None = Field(None, description="The council priority or enabler.")
    deliverable_code: str | None = Field(None, description="Deliverable code, e.g. E2.1, P3.4.")
    deliverable: str | None = Field(None, description="Deliverable text.")
    activities: str | None = Field(None, description="The service's key activities / processes.")
    indicators: str | None = Field(None, description="The indicator cell's text.")
    extra: JSONCells = Field(
        None, description="JSON object: printed header -> cell, for the columns no field takes.")



class ResponsibilityRecord(TableRow):
    table: ClassVar[str] = "responsibilities"
    pk: ClassVar[str | None] = "responsibility_id"
    table_description: ClassVar[str] = "A priorities x workstreams matrix (● primary, ○ secondary)."
    indexes: ClassVar[list[str]] = ["doc_id", "priority_code"]

    responsibility_id: str = Field(description="Stable id: document, line and column.")
    priority_code: str | None = Field(None, description="Priority code, e.g. IP2.")
    priority: str | None = Field(None, description="Priority text.")
    workstream: str = Field(description="Workstream (column heading).")
    role: Literal["primary", "secondary"] = Field(description="primary (●) or secondary (○).")
    extra: JSONCells = Field(
        None, description="JSON object: printed header -> cell, for the columns no field takes.")



class EngagementRecord(TableRow):
    table: ClassVar[str] = "engagement"
    pk: ClassVar[str | None] = "engagement_id"
    table_description: ClassVar[str] = "Customer consultation and employee engagement schedules."
    indexes: ClassVar[list[str]] = ["doc_id", "service", "audience"]

    engagement_id: str = Field(description="Stable id: document and line.")
    service: str | None = Field(None, description="The unit (plan's service for the employee schedule).")
    audience: Literal["customer", "employee"] = Field(description="customer or employee.")
    group: str | None = Field(None, description="Customer or employee group (filled down).")
    method: str | None = Field(None, description="Method.")
    frequency: str | None = Field(None, description="Frequency.")
    responsible_officer: str | None = Field(None, description="Responsible officer.")
    feedback_method: str | None = Field(None, description="How feedback is given.")
    extra: JSONCells = Field(
        None, description="JSON object: printed header -> cell, for the columns no field takes.")



class BudgetChangeRecord(TableRow):
    table: ClassVar[str] = "budget_changes"
    pk: ClassVar[str | None] = "change_id"
    table_description: ClassVar[str] = "Budget pressures and set-ups with one amount per year."
    indexes: ClassVar[list[str]] = ["doc_id", "period"]

    change_id: str = Field(description="Stable id: document, line and column.")
    activity: str | None = Field(None, description="Activity or item.")
    impact: str | None = Field(None, description="Impact as printed.")
    period: str | None = Field(None, description="YYYY/YY.")
    amount: float | None = Field(None, description="Pounds; NULL where the cell is text.")
    raw: str | None = Field(None, description="The cell as printed.")
    extra: JSONCells = Field(
        None, description="JSON object: printed header -> cell, for the columns no field takes.")



class WorkforcePlanRecord(TableRow):
    table: ClassVar[str] = "workforce_plans"
    pk: ClassVar[str | None] = "workforce_plan_id"
    table_description: ClassVar[str] = "Workforce planning rows."
    indexes: ClassVar[list[str]] = ["doc_id"]

    workforce_plan_id: str = Field(description="Stable id: document and line.")
    category: str | None = Field(None, description="Category.")
    sponsor: str | None = Field(None, description="Sponsor.")
    activity: str | None = Field(None, description="Activity.")
    budget_impact: str | None = Field(None, description="Budget impact.")
    impact_on_other_services: str | None = Field(None, description="Impact on other services.")
    milestones: str | None = Field(None, description="Milestones.")
    extra: JSONCells = Field(
        None, description="JSON object: printed header -> cell, for the columns no field takes.")



class UnrecognisedTableRecord(Provenance):
    table: ClassVar[str] = "unrecognised_tables"
    pk: ClassVar[str | None] = "unrecognised_id"
    table_description: ClassVar[str] = "Table-shaped blocks no extractor recognised (nothing is dropped silently)."
    indexes: ClassVar[list[str]] = ["doc_id"]

    unrecognised_id: str = Field(description="Stable id: document and line.")
    caption: str | None = Field(None, description="Caption as found.")
    header: str | None = Field(None, description="Header cells, joined with ' | '.")
    rows: int = Field(description="Number of data rows.")
    cells: JSONList = Field(
        default_factory=list, description="JSON list of rows, each a list of cell texts, header first.")


class SkippedRowRecord(Provenance):
    """A row of a recognised table that its extractor could not use, and why: kept so that an
    auditor sees every printed row, whether or not it became a record."""

    table: ClassVar[str] = "skipped_rows"
    pk: ClassVar[str | None] = "skipped_id"
    table_description: ClassVar[str] = (
        "Rows of recognised tables that gave no record (group headings, subtotals, rows without a name), and why."
    )
    indexes: ClassVar[list[str]] = ["doc_id", "kind"]

    skipped_id: str = Field(description="Stable id: document, line and `skipped`.")
    kind: str = Field(description="The kind of table the row was printed in.")
    reason: str = Field(description="Why the row gave no record, in words.")


class IngestLogRecord(Record):
    table: ClassVar[str] = "ingest_log"
    pk: ClassVar[str | None] = "source_file"
    table_description: ClassVar[str] = "One row per input file of the last build: what was read, and what went wrong."

    source_file: str = Field(description="Path under raw/.")
    doc_id: str | None = Field(None, description="The document id, where the file could be read.")
    status: Literal["ok", "partial", "failed", "skipped"] = Field(
        description="ok, partial, failed, or skipped (not a plan file, a link out of raw/, a duplicate).")
    error: str | None = Field(None, description="What went wrong, or why the file was skipped, in words.")
    encoding: str | None = Field(None, description="The encoding a text file was read in (utf-8, utf-16, cp1252 ...).")
    tables_found: int = Field(0, description="Tables found in the document.")
    tables_unrecognised: int = Field(0, description="Tables no extractor recognised.")
    records: int = Field(0, description="Rows extracted from the document.")
    rows_skipped: int = Field(0, description="Rows of recognised tables that gave no record (see skipped_rows).")
    seconds: float = Field(0.0, description="Time spent on the document.")


class IndicatorRecord(Record):
    table: ClassVar[str] = "indicators"
    pk: ClassVar[str | None] = "indicator_id"
    table_description: ClassVar[str] = "The indicator registry: one row per distinct indicator of a council."
    indexes: ClassVar[list[str]] = ["council", "code"]

    indicator_id: str = Field(description="Stable id: council and code (or name, for indicators printed without one).")
    council: str | None = Field(None, description="The council whose plans print it.")
    code: str | None = Field(None, description="Indicator code; NULL for an indicator never printed with one.")
    name: str = Field(description="The most common printed name.")
    public: bool = Field(False, description="Ever printed with the P: prefix.")
    corporate_plan: bool = Field(False, description="Ever printed with the CP: prefix.")
    category: str | None = Field(None, description="WLAM category suffix, where printed.")
    aliases: JSONList = Field(default_factory=list, description="JSON list of every distinct printed name.")
    mentions: int = Field(0, description="How many times it is printed.")
    codes: JSONList = Field(default_factory=list,
        description="JSON list of every code printed for it (more than one when renumbered).")


class FindingRecord(Record):
    table: ClassVar[str] = "findings"
    pk: ClassVar[str | None] = "finding_id"
    table_description: ClassVar[str] = "What the consistency checks found, with links to the rows behind each finding."
    indexes: ClassVar[list[str]] = ["doc_id", "check", "severity"]
    foreign_keys: ClassVar[dict[str, tuple[str, str]]] = {"doc_id": ("documents", "doc_id")}

    finding_id: str = Field(description="Stable id: check and subject.")
    check: str = Field(description="Which check found it.")
    severity: Literal["error", "warning", "info"] = Field(description="error, warning or info.")
    doc_id: str | None = Field(None, description="The document it is about (the first, where several).")
    subject: str = Field(description="What it is about, in words.")
    message: str = Field(description="What is wrong, in words.")
    expected: str | None = Field(None, description="What the check expected.")
    actual: str | None = Field(None, description="What was printed.")
    evidence: JSONList = Field(default_factory=list,
        description="JSON list of the rows behind it: table, id, line or page.")


class IndicatorConflictRecord(Record):
    """A code printed with unrelated names, or one name printed under several codes: every mention is
    kept and linked as printed; this row says where, so that an auditor can decide."""

    table: ClassVar[str] = "indicator_conflicts"
    pk: ClassVar[str | None] = "conflict_id"
    table_description: ClassVar[str] = (
        "Codes printed with unrelated names and names printed under two or more codes, for the audit.")
    indexes: ClassVar[list[str]] = ["council", "kind", "indicator_id"]
    foreign_keys: ClassVar[dict[str, tuple[str, str]]] = {
        "indicator_id": ("indicators", "indicator_id"),
    }

    conflict_id: str = Field(description="Stable id: kind, council and the code(s) it is about.")
    council: str | None = Field(None, description="The council whose plans print it.")
    kind: Literal["code_with_two_names", "name_with_two_codes"] = Field(
        description="code_with_two_names (two or more unrelated names) or name_with_two_codes (two or more codes).")
    indicator_id: str = Field(description="The indicator (for several codes: the first of them).")
    other_indicator_id: str | None = Field(
        None, description="The second indicator, for a name under several codes.")
    code: str | None = Field(None, description="The code as first printed.")
    other_code: str | None = Field(None, description="The second code, for a name under several codes.")
    name: str = Field(description="One printed name.")
    other_name: str = Field(description="Another printed name.")
    score: float = Field(
        description="How alike the names are (the lowest token_sort_ratio of the normalised names linked, 0-100).")
    indicator_ids: JSONList = Field(default_factory=list, description="JSON list of every indicator it is about.")
    codes: JSONList = Field(default_factory=list, description="JSON list of every code it is about.")
    names: JSONList = Field(default_factory=list, description="JSON list of every printed name it is about.")
    mention_ids: JSONList = Field(default_factory=list, description="JSON list of the mentions behind it.")
    doc_ids: JSONList = Field(default_factory=list, description="JSON list of the documents that print them.")


class AuditRecord(Provenance):
    table: ClassVar[str] = "audits"
    pk: ClassVar[str | None] = "audit_id"
    table_description: ClassVar[str] = "Internal audits a plan or report lists, with the assurance each gave."
    indexes: ClassVar[list[str]] = ["doc_id", "service", "assurance"]

    audit_id: str = Field(description="Stable id: document and line.")
    service: str | None = Field(None, description="The unit (or the plan's service) the audit covered.")
    area: str | None = Field(None, description="The heading the audit is listed under, e.g. HR & Media.")
    audit: str = Field(description="What was audited, as printed.")
    assurance: str | None = Field(None, description="Assurance level as printed: Substantial, Limited ...")
    status: str | None = Field(None, description="complete, planned ... as the list's lead-in says.")
    period: str | None = Field(None, description="The year of the plan or report (YYYY/YY).")


class ServiceOverviewRecord(TableRow):
    table: ClassVar[str] = "service_overview"
    pk: ClassVar[str | None] = "overview_id"
    table_description: ClassVar[str] = (
        "The overview of a service area plan: each service delivered, its priorities, and the demand it meets."
    )
    indexes: ClassVar[list[str]] = ["doc_id", "service", "team"]

    overview_id: str = Field(description="Stable id: document and line.")
    service: str | None = Field(None, description="The plan's service area.")
    team: str = Field(description="The service being delivered (filled down), e.g. Desktop Services.")
    priority: str | None = Field(None, description="A priority of that service, with its justification.")
    demand: float | None = Field(None, description="The demand figure, where the cell is one number.")
    demand_unit: str | None = Field(None, description="£ where the figure is money, else NULL.")
    demand_raw: str | None = Field(None, description="The demand cell as printed.")
    demand_measure: str | None = Field(None, description="What the figure counts, as printed.")
    extra: JSONCells = Field(
        None, description="JSON object: printed header -> cell, for the columns no field takes.")



class StrategyLinkRecord(TableRow):
    table: ClassVar[str] = "strategy_links"
    pk: ClassVar[str | None] = "link_id"
    table_description: ClassVar[str] = "How the service of a plan contributes to the themes of a wider strategy."
    indexes: ClassVar[list[str]] = ["doc_id", "theme"]

    link_id: str = Field(description="Stable id: document and line.")
    service: str | None = Field(None, description="The plan's service (or unit).")
    strategy: str | None = Field(None, description="The strategy, as the caption names it.")
    theme: str = Field(description="The strategy's theme, e.g. Housing.")
    direct: str | None = Field(None, description="The service's direct contribution, as printed.")
    indirect: str | None = Field(None, description="The service's indirect contribution, as printed.")
    extra: JSONCells = Field(
        None, description="JSON object: printed header -> cell, for the columns no field takes.")



class PlanStageRecord(TableRow):
    table: ClassVar[str] = "plan_schedule"
    pk: ClassVar[str | None] = "stage_id"
    table_description: ClassVar[str] = "The stages of writing, approving and publishing a plan, and when."
    indexes: ClassVar[list[str]] = ["doc_id"]

    stage_id: str = Field(description="Stable id: document and line.")
    stage: str = Field(description="The stage, e.g. PDSP consultation.")
    description: str | None = Field(None, description="What happens at that stage.")
    timing: str | None = Field(None, description="When, as printed, e.g. April to June 2020.")
    start: str | None = Field(None, description="First month named (YYYY-MM).")
    end: str | None = Field(None, description="Last month named (YYYY-MM).")
    extra: JSONCells = Field(
        None, description="JSON object: printed header -> cell, for the columns no field takes.")
