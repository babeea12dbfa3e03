"""Staff-only mapping records, split by concept and re-exported here."""

from .audit import ReturnChange
from .choices import (
    Basis,
    CapitalOrRevenue,
    CommissioningStage,
    ExpenditureType,
    MappingTier,
    Section,
    SectionStatus,
    Sector,
    WorkforceGroup,
)
from .cycle import ChildPopulation, Cycle, CycleState, PartnerOrganisation, Partnership, SignOff
from .readiness import (
    MATURITY_SCALE,
    Rating,
    ReadinessAnswer,
    ReadinessAssessment,
    ReadinessQuestion,
    ReadinessTemplate,
    ratings_for,
)
from .returns import InvestmentLine, MappingReturn, Outcome, SectionAssignment, WorkforceLine
from .timetable import SCHEDULER, CycleEvent, CycleReminder, DataEntryExtension

__all__ = [
    "Basis",
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
    "MappingReturn",
    "MappingTier",
    "Outcome",
    "PartnerOrganisation",
    "Partnership",
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
