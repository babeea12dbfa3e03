"""The reports staff can run for an area and a cycle, by URL slug (views and the command)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .aims import aim_breakdown
from .annual import annual_report
from .breakdowns import breakdown_report
from .camhs import camhs_report
from .data_quality import data_quality_report
from .investment import investment_report
from .profiles import la_profile, trust_profile
from .scope import ReportScope
from .sector import sector_report
from .summary import summary_report
from .workforce import workforce_report


@dataclass(frozen=True)
class ReportType:
    slug: str
    title: str
    summary: str
    compute: Callable[[ReportScope], Any]
    national: bool = False  # a national administrator may run it for England as a whole
    #: One of the partnership's published reports, which read-only viewers may open once the
    #: cycle is released to them (workflow reports such as the summary stay internal).
    for_viewers: bool = False


REPORTS: dict[str, ReportType] = {
    r.slug: r
    for r in [
        ReportType(
            "investment-matrix",
            "Investment matrix",
            "Investment by type and tier, with staffing, funding source and outcome breakdowns.",
            investment_report,
            national=True,
            for_viewers=True,
        ),
        ReportType(
            "workforce",
            "Workforce",
            "Full-time equivalent staff and cost by workforce group and tier.",
            workforce_report,
            national=True,
            for_viewers=True,
        ),
        ReportType(
            "cypp-investment",
            "Investment supporting the CYPP",
            "The CYPP's investment counted once, by priority, key action and enabler; by client "
            "group (looked-after children too), commissioning box, property, planned change, "
            "pooled or aligned budget, preventative services and locality; adult services apart.",
            breakdown_report,
            national=True,
            for_viewers=True,
        ),
        ReportType(
            "la-profile",
            "Local authority profile",
            "Every service and its finance.",
            la_profile,
            for_viewers=True,
        ),
        ReportType(
            "trust-profile",
            "Children's Trust profile",
            "Inter-agency input by partner organisation.",
            trust_profile,
            for_viewers=True,
        ),
        ReportType(
            "camhs",
            "CAMHS partnership report",
            "CAMHS services by tier 1 to 4, with investment and FTE.",
            camhs_report,
            for_viewers=True,
        ),
        ReportType(
            "summary",
            "Summary of data submitted",
            "What each service has submitted so far, for checking before sign-off.",
            summary_report,
        ),
        ReportType(
            "data-quality",
            "Data quality feedback",
            "Missing sections, inconsistent staffing, large changes, unconfirmed entries.",
            data_quality_report,
        ),
        ReportType(
            "annual-report",
            "Annual report",
            "One local authority's year: executive summary, the lead's commentary, the matrix, "
            "workforce, CAMHS, trends and data-quality headlines.",
            annual_report,
        ),
        ReportType(
            "ecm-aims",
            "Investment by Every Child Matters aim",
            "Investment tagged to each of the 25 aims, with the double counting shown.",
            aim_breakdown,
            national=True,
        ),
        ReportType(
            "sector",
            "Sector contribution",
            "Third and private sector contribution; where services are delivered and by whom.",
            sector_report,
            national=True,
            for_viewers=True,
        ),
    ]
}
