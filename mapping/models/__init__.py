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
    Rating,
    ReadinessAnswer,
    ReadinessAssessment,
    ReadinessQuestion,
    ReadinessTemplate,
)
from .returns import InvestmentLine, MappingReturn, Outcome, SectionAssignment, WorkforceLine

__all__ = [
    "Basis",
    "CapitalOrRevenue",
    "ChildPopulation",
    "CommissioningStage",
    "Cycle",
    "CycleState",
    "ExpenditureType",
    "InvestmentLine",
    "MappingReturn",
    "MappingTier",
    "Outcome",
    "PartnerOrganisation",
    "Partnership",
    "Rating",
    "ReadinessAnswer",
    "ReadinessAssessment",
    "ReadinessQuestion",
    "ReadinessTemplate",
    "ReturnChange",
    "Section",
    "SectionAssignment",
    "SectionStatus",
    "Sector",
    "SignOff",
    "WorkforceGroup",
    "WorkforceLine",
]
