"""The fixed vocabularies of the mapping exercise (seed 002's specification).

Orders matter: reports list rows and columns in these orders.
"""

from django.db import models


class MappingTier(models.TextChoices):
    UNIVERSAL = "universal", "Universal"
    TARGETED = "targeted", "Targeted"
    SPECIALIST = "specialist", "Specialist"
    SUPPORT = "support", "Support services"


class CommissioningStage(models.TextChoices):
    """The commissioning-cycle box a support service sits in."""

    NEEDS_ANALYSIS = "needs_analysis", "Needs analysis"
    PLANNING = "planning", "Planning"
    IMPLEMENTATION = "implementation", "Implementation (including contracting)"
    MONITORING = "monitoring", "Performance monitoring and evaluation"


class ExpenditureType(models.TextChoices):
    STAFFING = "staffing", "Staffing"
    PROPERTY = "property", "Property"
    OTHER_CAPITAL = "other_capital", "Other capital"
    CONTRACTS = "contracts", "Contracts"
    REVENUE = "revenue", "Revenue (running) costs"
    OTHER = "other", "Other (specified)"


class CapitalOrRevenue(models.TextChoices):
    CAPITAL = "capital", "Capital"
    REVENUE = "revenue", "Revenue"


class Basis(models.TextChoices):
    ACTUAL = "actual", "Actual (previous year)"
    BUDGET = "budget", "Budget (this year)"


class WorkforceGroup(models.TextChoices):
    MANAGERS_AND_LEADERS = "managers_and_leaders", "Managers and leaders"
    COMMISSIONING = "commissioning", "Commissioning staff"
    EDUCATION = "education", "Education"
    EARLY_YEARS_CHILDCARE = "early_years_childcare", "Early years and childcare"
    HEALTH = "health", "Health providers"
    SPORT_CULTURE = "sport_culture", "Sport and culture"
    JUSTICE_CRIME = "justice_crime", "Justice and crime"
    YOUTH = "youth", "Youth"
    SOCIAL_FAMILY_COMMUNITY = "social_family_community", "Social, family and community support"


class Sector(models.TextChoices):
    LOCAL_AUTHORITY = "la", "Local authority"
    HEALTH = "health", "NHS / health"
    SCHOOL = "school", "School"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    PRIVATE = "private", "Private sector"
    OTHER = "other", "Other public sector"


class Section(models.TextChoices):
    """The parts of a return that can be delegated separately."""

    SERVICE_DETAILS = "service_details", "Service details"
    FINANCE = "finance", "Finance"
    WORKFORCE = "workforce", "Workforce"
    PERFORMANCE = "performance", "Performance"


class SectionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"


class BudgetArrangement(models.TextChoices):
    """Whether a service's money sits in a pooled or aligned budget with partners."""

    NONE = "none", "Neither"
    POOLED = "pooled", "Pooled budget"
    ALIGNED = "aligned", "Aligned budget"


class PlannedChange(models.TextChoices):
    """The change planned for next year's investment in a service."""

    NONE = "none", "No change planned"
    INCREASE = "increase", "Increase"
    REDUCTION = "reduction", "Reduction"
