"""What a report covers: one cycle, one basis, and an area (an LA, a partnership, or England).

A partnership (Children's Trust) covers its local authority's *whole area*: every return the
LA mapped, whichever agency delivers the service. Seed 002 asks for "a comprehensive
multi-agency map of investment ... across Medway", so a Trust's matrix is the LA's matrix under
the Trust's name; the Children's Trust profile then splits that area by partner organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from directory.models import LocalAuthority
from mapping.models import Basis, Cycle, MappingReturn, Partnership


class ScopeError(ValueError):
    """A report was asked for an area, cycle or basis that does not exist."""


@dataclass(frozen=True)
class ReportScope:
    cycle: Cycle
    basis: str = Basis.ACTUAL
    local_authority: LocalAuthority | None = None  # None: every LA in England
    partnership: Partnership | None = None

    @property
    def area_name(self) -> str:
        if self.partnership is not None:
            return self.partnership.name
        if self.local_authority is not None:
            return self.local_authority.name
        return "England"

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
        return q

    def returns(self):
        return MappingReturn.objects.filter(self.return_q())


def resolve_scope(
    *,
    cycle: str,
    basis: str = Basis.ACTUAL,
    la_code: str | None = None,
    partnership_slug: str | None = None,
) -> ReportScope:
    """Look the scope up by its public identifiers, with a specific message for each miss."""
    if basis not in Basis.values:
        raise ScopeError(f"Unknown basis {basis!r}: use one of {', '.join(Basis.values)}.")
    if la_code and partnership_slug:
        raise ScopeError("Give either a local authority or a partnership, not both.")
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
    return ReportScope(cycle_obj, basis)
