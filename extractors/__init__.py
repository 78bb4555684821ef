"""One extractor per table kind. `recognise` picks the kind whose header vocabulary fits best."""

from __future__ import annotations

from extractors.actions import ActionsExtractor
from extractors.activity_budget import ActivityBudgetExtractor
from extractors.audits import AuditsExtractor
from extractors.base import Context, Extractor
from extractors.budget_changes import BudgetChangesExtractor
from extractors.engagement import EngagementExtractor
from extractors.kpi_lines import KpiLinesExtractor
from extractors.measures import MeasuresExtractor
from extractors.plan_schedule import PlanScheduleExtractor
from extractors.priorities import PrioritiesExtractor
from extractors.projects import ProjectsExtractor
from extractors.responsibilities import ResponsibilitiesExtractor
from extractors.risk_actions import RiskActionsExtractor
from extractors.risk_boxes import RiskBoxesExtractor
from extractors.risk_statements import RiskStatementsExtractor
from extractors.risks import RisksExtractor
from extractors.scorecard import ScorecardExtractor
from extractors.service_header import ServiceHeaderExtractor
from extractors.service_overview import ServiceOverviewExtractor
from extractors.strategy_links import StrategyLinksExtractor
from extractors.workforce import WorkforceExtractor
from pipeline.reading.layout import Table

EXTRACTORS: list[Extractor] = [
    ActivityBudgetExtractor(),
    ActionsExtractor(),
    RisksExtractor(),
    ScorecardExtractor(),
    PrioritiesExtractor(),
    EngagementExtractor(),
    ProjectsExtractor(),
    ResponsibilitiesExtractor(),
    BudgetChangesExtractor(),
    RiskStatementsExtractor(),
    AuditsExtractor(),
    RiskActionsExtractor(),
    WorkforceExtractor(),
    ServiceOverviewExtractor(),
    ServiceHeaderExtractor(),
    MeasuresExtractor(),
    StrategyLinksExtractor(),
    PlanScheduleExtractor(),
    KpiLinesExtractor(),
    RiskBoxesExtractor(),
]


def recognise(table: Table) -> Extractor | None:
    """The extractor whose vocabulary fits the table best, or None when none fits."""
    scored = [(extractor.recognise(table), extractor) for extractor in EXTRACTORS]
    scored = [(score, extractor) for score, extractor in scored if score > 0]
    if not scored:
        return None
    return max(scored, key=lambda pair: pair[0])[1]


__all__ = ["EXTRACTORS", "Context", "Extractor", "recognise"]
