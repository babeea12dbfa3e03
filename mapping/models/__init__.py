"""Staff-only mapping records, split by concept and re-exported here."""

from .audit import ReturnChange
from .choices import (
    Basis,
    BudgetArrangement,
    CapitalOrRevenue,
    CommissioningStage,
    ExpenditureType,
    MappingTier,
    PlannedChange,
    Section,
    SectionStatus,
    Sector,
    WorkforceGroup,
)
from .cycle import ChildPopulation, Cycle, CycleState, PartnerOrganisation, Partnership, SignOff
from .guidance import AnnualReportCommentary, CompletionConfirmation, EcmAim, GuidanceEntry
from .readiness import (
    MATURITY_SCALE,
    Rating,
    ReadinessAnswer,
    ReadinessAssessment,
    ReadinessQuestion,
    ReadinessTemplate,
    ratings_for,
)
from .returns import (
    InvestmentLine,
    MappingReturn,
    Outcome,
    PerformanceMeasure,
    SectionAssignment,
    WorkforceLine,
)
from .sums import AMOUNT_COLUMNS, AreaSums, ReturnSums, from_hundredths
from .team import (
    Registration,
    TeamInvitation,
    TeamMember,
    TeamRole,
    ViewerBody,
)
from .timetable import SCHEDULER, CycleEvent, CycleReminder, DataEntryExtension
from .vocabulary import ClientGroup, Locality, PriorityAction

__all__ = [
    "AMOUNT_COLUMNS",
    "AreaSums",
    "ReturnSums",
    "from_hundredths",
    "AnnualReportCommentary",
    "CompletionConfirmation",
    "EcmAim",
    "GuidanceEntry",
    "Basis",
    "BudgetArrangement",
    "ClientGroup",
    "CapitalOrRevenue",
    "ChildPopulation",
    "CommissioningStage",
    "Cycle",
    "CycleEvent",
    "CycleReminder",
    "CycleState",
    "DataEntryExtension",
    "ExpenditureType",
    "InvestmentLine",
    "Locality",
    "MappingReturn",
    "MappingTier",
    "Outcome",
    "PlannedChange",
    "PriorityAction",
    "PartnerOrganisation",
    "Partnership",
    "PerformanceMeasure",
    "Registration",
    "TeamInvitation",
    "TeamMember",
    "TeamRole",
    "ViewerBody",
    "MATURITY_SCALE",
    "Rating",
    "ReadinessAnswer",
    "ReadinessAssessment",
    "ReadinessQuestion",
    "ReadinessTemplate",
    "ratings_for",
    "ReturnChange",
    "SCHEDULER",
    "Section",
    "SectionAssignment",
    "SectionStatus",
    "Sector",
    "SignOff",
    "WorkforceGroup",
    "WorkforceLine",
]
