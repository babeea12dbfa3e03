"""What a report covers: one cycle, one basis, and an area (an LA, a partnership, a region or
England), optionally narrowed to one locality or area team of an LA.

A partnership (Children's Trust) covers its local authority's *whole area*: every return the
LA mapped, whichever agency delivers the service. Seed 002 asks for "a comprehensive
multi-agency map of investment ... across Medway", so a Trust's matrix is the LA's matrix under
the Trust's name; the Children's Trust profile then splits that area by partner organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from directory.models import LocalAuthority
from mapping.models import Basis, Cycle, Locality, MappingReturn, Partnership


class ScopeError(ValueError):
    """A report was asked for an area, cycle or basis that does not exist."""


@dataclass(frozen=True)
class ReportScope:
    cycle: Cycle
    basis: str = Basis.ACTUAL
    local_authority: LocalAuthority | None = None  # None: every LA in England (or the region)
    partnership: Partnership | None = None
    region: str = ""  # with no LA: the LAs of this region only
    locality: Locality | None = None  # with an LA: the returns of this locality only

    @property
    def area_name(self) -> str:
        if self.partnership is not None:
            name = self.partnership.name
        elif self.local_authority is not None:
            name = self.local_authority.name
        elif self.region:
            return f"{self.region} (region)"
        else:
            return "England"
        return f"{name}, {self.locality}" if self.locality is not None else name

    @property
    def basis_label(self) -> str:
        if self.basis == Basis.ACTUAL:
            return f"actual {self.cycle.actual_year_label}"
        return f"budget {self.cycle.label}"

    @property
    def is_national(self) -> bool:
        return self.local_authority is None

    def return_q(self, prefix: str = "") -> Q:
        """Filter for the returns in scope; ``prefix`` reaches them from a related model."""
        q = Q(**{f"{prefix}cycle": self.cycle})
        if self.local_authority is not None:
            q &= Q(**{f"{prefix}local_authority": self.local_authority})
        elif self.region:
            q &= Q(**{f"{prefix}local_authority__region": self.region})
        if self.locality is not None:
            q &= Q(**{f"{prefix}locality": self.locality})
        return q

    def returns(self):
        return MappingReturn.objects.filter(self.return_q())


def resolve_scope(
    *,
    cycle: str,
    basis: str = Basis.ACTUAL,
    la_code: str | None = None,
    partnership_slug: str | None = None,
    region: str | None = None,
    locality: str | None = None,
) -> ReportScope:
    """Look the scope up by its public identifiers, with a specific message for each miss.

    ``locality`` is a locality's name within the LA (or the partnership's LA).
    """
    if basis not in Basis.values:
        raise ScopeError(f"Unknown basis {basis!r}: use one of {', '.join(Basis.values)}.")
    if la_code and partnership_slug:
        raise ScopeError("Give either a local authority or a partnership, not both.")
    if region and (la_code or partnership_slug):
        raise ScopeError("Give a region or a local authority, not both.")
    if locality and not (la_code or partnership_slug):
        raise ScopeError("A locality needs its local authority.")
    scope = _resolve_area(cycle, basis, la_code, partnership_slug, region)
    if locality:
        found = Locality.objects.filter(
            local_authority=scope.local_authority, name__iexact=locality.strip()
        ).first()
        if found is None:
            raise ScopeError(f"{scope.local_authority} has no locality called {locality!r}.")
        scope = ReportScope(scope.cycle, basis, scope.local_authority, scope.partnership, "", found)
    return scope


def regions() -> list[str]:
    """The regions local authorities are in, for the regional scope."""
    return sorted(set(LocalAuthority.objects.exclude(region="").values_list("region", flat=True)))


def _resolve_area(cycle, basis, la_code, partnership_slug, region) -> ReportScope:
    try:
        cycle_obj = Cycle.objects.get(label=cycle)
    except Cycle.DoesNotExist:
        raise ScopeError(f"No mapping cycle labelled {cycle!r}.") from None
    if partnership_slug:
        partnership = (
            Partnership.objects.select_related("local_authority")
            .filter(slug=partnership_slug)
            .first()
        )
        if partnership is None:
            raise ScopeError(f"No partnership with slug {partnership_slug!r}.")
        return ReportScope(cycle_obj, basis, partnership.local_authority, partnership)
    if la_code:
        la = LocalAuthority.objects.filter(code=la_code.strip().upper()).first()
        if la is None:
            raise ScopeError(f"No local authority with code {la_code!r}.")
        return ReportScope(cycle_obj, basis, la)
    if region:
        if region not in regions():
            raise ScopeError(f"No local authorities in a region called {region!r}.")
        return ReportScope(cycle_obj, basis, region=region)
    return ReportScope(cycle_obj, basis)
