"""Definitions of every classification delegates choose from, so councils classify alike.

Each vocabulary's terms come from the fixed choices (or the ECM outcomes); the wording is built
in here and a national administrator may replace any term's wording (``GuidanceEntry``). Forms
show it as GOV.UK hint text and the guidance page lists it all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.text import slugify

from .models import (
    CommissioningStage,
    ExpenditureType,
    GuidanceEntry,
    MappingTier,
    Sector,
    WorkforceGroup,
)
from .services.outcomes import ECM_AIMS


@dataclass(frozen=True)
class Vocabulary:
    slug: str
    title: str
    short: str  # "tiers": for "What the tiers mean"
    intro: str
    terms: tuple[tuple[str, str], ...]  # (key, label) in the order forms show them


@dataclass(frozen=True)
class Term:
    vocabulary: str
    key: str
    label: str
    definition: str
    examples: str
    edited: bool  # a national administrator's wording, not the built-in one


def _ecm_terms() -> tuple[tuple[str, str], ...]:
    return tuple((slugify(name), name) for name in ECM_AIMS)


VOCABULARIES: dict[str, Vocabulary] = {
    v.slug: v
    for v in [
        Vocabulary(
            "tier",
            "Tiers of need",
            "tiers",
            "Every service sits in one tier, by the need of the children it is for, not by who "
            "delivers it.",
            tuple(MappingTier.choices),
        ),
        Vocabulary(
            "commissioning-box",
            "Support services: the commissioning boxes",
            "commissioning boxes",
            "A support service records which box of the four-box commissioning model it mostly "
            "works in.",
            tuple(CommissioningStage.choices),
        ),
        Vocabulary(
            "sector",
            "Sectors",
            "sectors",
            "The sector of the organisation that delivers the service (not the one that pays "
            "for it).",
            tuple(Sector.choices),
        ),
        Vocabulary(
            "workforce-group",
            "Workforce groups",
            "workforce groups",
            "Groups of staff from the children's workforce 'tangerine' model; record groups of "
            "staff doing a defined role, not individuals.",
            tuple(WorkforceGroup.choices),
        ),
        Vocabulary(
            "expenditure-type",
            "Types of expenditure",
            "types of expenditure",
            "Each investment line is one type of expenditure, on the actual or the budget basis.",
            tuple(ExpenditureType.choices),
        ),
        Vocabulary(
            "ecm-outcome",
            "Every Child Matters outcomes",
            "outcomes",
            "Tag every outcome the service contributes to; tag the aims under it too where you "
            "can. A service tagged with several outcomes is counted under each, and the reports "
            "show that double counting.",
            _ecm_terms(),
        ),
        Vocabulary(
            "camhs-tier",
            "CAMHS tiers",
            "CAMHS tiers",
            "Only for services that support children's mental health, whatever their sector.",
            (("1", "Tier 1"), ("2", "Tier 2"), ("3", "Tier 3"), ("4", "Tier 4")),
        ),
    ]
}

#: (definition, examples) for each vocabulary's terms, until a national administrator edits them.
BUILT_IN: dict[str, dict[str, tuple[str, str]]] = {
    "tier": {
        MappingTier.UNIVERSAL: (
            "Open to all children, young people and families in the area, without an "
            "assessment or referral.",
            "Schools, health visiting, GP services, children's centre drop-ins, libraries, "
            "leisure centres, youth clubs.",
        ),
        MappingTier.TARGETED: (
            "For children and families with additional needs, found early and often "
            "reached through a common assessment; helps stop needs growing.",
            "Parenting programmes, targeted youth support, learning mentors, family support "
            "workers, tier 2 CAMHS, teenage pregnancy services.",
        ),
        MappingTier.SPECIALIST: (
            "For children with complex, acute or statutory needs, usually after a specialist "
            "assessment or a statutory referral.",
            "Child protection, looked-after children's services, youth offending teams, "
            "special schools, tier 3 and 4 CAMHS, children's disability services.",
        ),
        MappingTier.SUPPORT: (
            "Does not work with children directly, but makes the other services possible: "
            "commissioning, planning, performance and workforce development. Choose a "
            "commissioning box as well.",
            "Joint commissioning unit, CYPP planning team, performance and information team, "
            "workforce development team.",
        ),
    },
    "commissioning-box": {
        CommissioningStage.NEEDS_ANALYSIS: (
            "Finding out what children and families need: data, research and consultation.",
            "Joint strategic needs assessment, mapping, surveys of children and parents.",
        ),
        CommissioningStage.PLANNING: (
            "Deciding priorities and how resources will meet the needs found.",
            "Writing the Children and Young People's Plan, service design, option appraisal.",
        ),
        CommissioningStage.IMPLEMENTATION: (
            "Putting the plan into effect, including procurement and contracting.",
            "Tendering, contract negotiation, grant agreements, decommissioning.",
        ),
        CommissioningStage.MONITORING: (
            "Checking services deliver what was agreed and learning from it.",
            "Contract monitoring, performance reports, evaluations, service reviews.",
        ),
    },
    "sector": {
        Sector.LOCAL_AUTHORITY: (
            "Delivered by the council's own staff, including centrally run school support.",
            "Social care teams, the youth service, educational psychology.",
        ),
        Sector.HEALTH: (
            "Delivered by the NHS: trusts, primary care, or providers working as part of the NHS.",
            "Health visitors, school nurses, community paediatrics, CAMHS teams.",
        ),
        Sector.SCHOOL: (
            "Delivered by a school or academy's own staff.",
            "Extended services, school-based counselling, nurture groups.",
        ),
        Sector.VOLUNTARY: (
            "Delivered by a charity, community group, faith group or social enterprise.",
            "Young carers projects, Home-Start, local youth charities.",
        ),
        Sector.PRIVATE: (
            "Delivered by a business or independent provider.",
            "Private nurseries, childminders, independent fostering agencies.",
        ),
        Sector.OTHER: (
            "Delivered by another public body.",
            "Police, probation, Jobcentre Plus, fire and rescue.",
        ),
    },
    "workforce-group": {
        WorkforceGroup.MANAGERS_AND_LEADERS: (
            "People who lead or manage services or teams for children.",
            "Heads of service, team managers, children's centre managers.",
        ),
        WorkforceGroup.COMMISSIONING: (
            "People who analyse need, plan, commission and monitor services.",
            "Commissioning officers, contract managers, performance analysts.",
        ),
        WorkforceGroup.EDUCATION: (
            "People who teach or support learning.",
            "Teachers, teaching assistants, learning mentors, education welfare officers.",
        ),
        WorkforceGroup.EARLY_YEARS_CHILDCARE: (
            "People who care for and educate young children.",
            "Nursery practitioners, childminders, play workers.",
        ),
        WorkforceGroup.HEALTH: (
            "People who provide health care for children and families.",
            "Health visitors, school nurses, midwives, paediatricians, CAMHS clinicians.",
        ),
        WorkforceGroup.SPORT_CULTURE: (
            "People who run sport, arts, library and cultural activities.",
            "Sports coaches, librarians, arts development workers.",
        ),
        WorkforceGroup.JUSTICE_CRIME: (
            "People who work with children in the justice system or to prevent crime.",
            "Youth offending officers, police liaison officers.",
        ),
        WorkforceGroup.YOUTH: (
            "People who work with young people outside school.",
            "Youth workers, Connexions personal advisers, detached youth workers.",
        ),
        WorkforceGroup.SOCIAL_FAMILY_COMMUNITY: (
            "People who support children and families socially and in the community.",
            "Social workers, family support workers, foster carers' support, outreach workers.",
        ),
    },
    "expenditure-type": {
        ExpenditureType.STAFFING: (
            "Pay and on-costs of the staff who deliver or manage the service. Record the "
            "staff themselves (numbers and value) in the workforce section too.",
            "Salaries, employer's pension and National Insurance, agency staff.",
        ),
        ExpenditureType.PROPERTY: (
            "Buildings and land used by the service.",
            "Rent, building purchase or major refurbishment.",
        ),
        ExpenditureType.OTHER_CAPITAL: (
            "Capital spending that is not property.",
            "Vehicles, IT systems, equipment.",
        ),
        ExpenditureType.CONTRACTS: (
            "Money paid to another organisation to deliver all or part of the service.",
            "Service level agreements, grants to voluntary bodies, spot purchases.",
        ),
        ExpenditureType.REVENUE: (
            "Day-to-day running costs other than staff.",
            "Utilities, supplies, travel, training, insurance.",
        ),
        ExpenditureType.OTHER: (
            "Anything that fits none of the other types; say what it is.",
            "Volunteer expenses, direct payments to families.",
        ),
    },
    "ecm-outcome": {
        slugify(name): (
            f"The Every Child Matters outcome '{name}', with its five aims: "
            + "; ".join(aims)
            + ".",
            "",
        )
        for name, aims in ECM_AIMS.items()
    },
    "camhs-tier": {
        "1": (
            "Practitioners who are not mental health specialists, working in universal "
            "services, who can offer advice and spot problems early.",
            "GPs, health visitors, school nurses, teachers, youth workers.",
        ),
        "2": (
            "Mental health specialists working on their own with children, often in "
            "community and primary care settings.",
            "Primary mental health workers, school counsellors, community psychologists.",
        ),
        "3": (
            "A multi-disciplinary team in a specialist service for more severe, complex and "
            "persistent disorders.",
            "Child and adolescent psychiatry outpatient teams, specialist CAMHS clinics.",
        ),
        "4": (
            "Highly specialist services for children with the most serious problems.",
            "Adolescent inpatient units, secure forensic units, specialist eating disorder "
            "services.",
        ),
    },
}


class UnknownTerm(LookupError):
    """No such vocabulary or term."""


def _edited(vocabularies: Iterable[str]) -> dict[tuple[str, str], GuidanceEntry]:
    return {
        (e.vocabulary, e.key): e
        for e in GuidanceEntry.objects.filter(vocabulary__in=list(vocabularies))
    }


def terms(slug: str, edited: dict | None = None) -> list[Term]:
    """A vocabulary's terms in form order, with the current wording of each."""
    vocabulary = VOCABULARIES[slug]
    edited = _edited([slug]) if edited is None else edited
    out = []
    for key, label in vocabulary.terms:
        entry = edited.get((slug, str(key)))
        definition, examples = BUILT_IN.get(slug, {}).get(key, ("", ""))
        if entry is not None:
            definition, examples = entry.definition, entry.examples
        out.append(Term(slug, str(key), str(label), definition, examples, entry is not None))
    return out


def all_terms() -> list[tuple[Vocabulary, list[Term]]]:
    """Every vocabulary with its terms, in one query."""
    edited = _edited(VOCABULARIES)
    return [(v, terms(v.slug, edited)) for v in VOCABULARIES.values()]


def term(slug: str, key: str) -> Term:
    if slug not in VOCABULARIES:
        raise UnknownTerm(slug)
    for t in terms(slug):
        if t.key == key:
            return t
    raise UnknownTerm(f"{slug}/{key}")


def hints(slug: str, edited: dict | None = None) -> dict[str, str]:
    """Each term's hint for a form: its definition, then "For example, ..."."""
    return {t.key: hint_text(t) for t in terms(slug, edited)}


def hint_text(t: Term) -> str:
    if t.examples:
        return f"{t.definition} For example: {t.examples}".strip()
    return t.definition


def save_term(slug: str, key: str, definition: str, examples: str, user) -> GuidanceEntry:
    """A national administrator's new wording for a term (the view checks who may)."""
    term(slug, key)  # raises UnknownTerm
    entry, _ = GuidanceEntry.objects.update_or_create(
        vocabulary=slug,
        key=key,
        defaults={
            "definition": definition.strip(),
            "examples": examples.strip(),
            "updated_by": user,
        },
    )
    return entry


def reset_term(slug: str, key: str) -> None:
    """Back to the built-in wording."""
    GuidanceEntry.objects.filter(vocabulary=slug, key=key).delete()


@dataclass(frozen=True)
class Tutorial:
    role: str
    title: str
    intro: str
    steps: tuple[tuple[str, str], ...]  # (heading, what to do)


TUTORIALS: dict[str, Tutorial] = {
    t.role: t
    for t in [
        Tutorial(
            "lead",
            "Mapping lead: step by step",
            "You run the mapping exercise for your local authority and its Children's Trust "
            "partners, from October to sign-off.",
            (
                (
                    "Try the practice questionnaire",
                    "Open 'Practice questionnaire' to see every question. Nothing you enter "
                    "there is saved.",
                ),
                (
                    "Set up your partnership",
                    "Under 'Partnerships', list the organisations that deliver services with "
                    "you: PCTs, NHS trusts, schools, voluntary and private bodies.",
                ),
                (
                    "Choose the services to map",
                    "From the cycle's progress page, add services from the directory, add "
                    "services that are not in it, or pre-fill from last year's returns.",
                ),
                (
                    "Delegate the sections",
                    "Give each return's service details, finance and workforce sections to the "
                    "people who know them, with a due date. Chase anyone who is late.",
                ),
                (
                    "Review what comes back",
                    "Approve each submitted section, or return it with a comment saying what "
                    "to change. Check the definitions below so every section is classified "
                    "alike.",
                ),
                (
                    "Check the summary and confirm completion",
                    "When every section is approved, read the completeness summary and data "
                    "quality warnings, then confirm completion. The DCS can then sign off.",
                ),
                (
                    "Write your commentary",
                    "Add your own commentary to the annual report: what the figures say about "
                    "your area and what you will do next.",
                ),
            ),
        ),
        Tutorial(
            "delegate",
            "Delegate: step by step",
            "The mapping lead has asked you to complete one or more sections of a service's "
            "return.",
            (
                (
                    "Find your sections",
                    "Your home page lists the sections assigned to you, with their due dates.",
                ),
                (
                    "Read the definitions",
                    "Each question says what its choices mean; 'What the ... mean' lists every "
                    "definition. Classify by the need a service meets, not by who delivers it.",
                ),
                (
                    "Fill in the section",
                    "Service details: tier, sector, outcomes and aims. Finance: one line per "
                    "type of expenditure, on the actual (last year) and budget (this year) "
                    "basis. Workforce: groups of staff, not individuals.",
                ),
                (
                    "Save or submit",
                    "Save and come back later as often as you like. Submit when the section is "
                    "complete: the mapping lead then approves it or returns it with a comment.",
                ),
            ),
        ),
        Tutorial(
            "dcs",
            "Director of Children's Services: step by step",
            "You sign off your local authority's returns once the mapping lead has confirmed "
            "they are complete.",
            (
                (
                    "Wait for the lead's confirmation",
                    "The mapping lead approves every section and confirms completion. Until "
                    "then sign-off is not offered.",
                ),
                (
                    "Check the summary",
                    "'Check completeness and sign off' shows how many sections are approved "
                    "and what the data quality checks found.",
                ),
                (
                    "Sign off",
                    "Signing off locks the returns; only a national administrator can unlock "
                    "them. The mapping lead receives an email confirming the end of the "
                    "exercise.",
                ),
                (
                    "Read the annual report",
                    "Under 'Reports', the annual report brings the figures, the trends and the "
                    "lead's commentary together, as a web page or a PDF.",
                ),
            ),
        ),
        Tutorial(
            "viewer",
            "Read-only viewer: step by step",
            "Partnership members (Joint Commissioning Group, Children's Trust Board, partner "
            "agencies) can read the partnership's published reports.",
            (
                (
                    "Open the reports",
                    "Once the cycle's results are published (in April), the reports open to "
                    "you. You cannot change any return.",
                ),
                (
                    "Read with the definitions",
                    "The definitions on this page say what each tier, sector and type of "
                    "expenditure covers, so you can compare like with like.",
                ),
                (
                    "Mind the double counting",
                    "A service tagged with several outcomes or aims is counted under each; "
                    "the reports show the total counted once beside the rows.",
                ),
            ),
        ),
    ]
}
