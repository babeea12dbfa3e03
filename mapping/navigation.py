"""The mapping menu, built from what the signed-in user may do (no link ends in a 403)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from .permissions import DCS, LEAD, VIEWER, MappingAccess


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool = False


def _items(access: MappingAccess) -> list[tuple[str, str]]:
    items = [("Home", reverse("mapping:dashboard"))]
    if access.is_viewer_only:
        # Read-only partnership viewers: the published reports and nothing else.
        return [*items, ("Reports", reverse("mapping:reports:index"))]
    if access.la_wide:
        items.append(("Partnerships", reverse("mapping:partnership_list")))
    items.append(("Cycles", reverse("mapping:cycle_list")))
    if access.national_admin:
        items.append(("Registrations", reverse("mapping:registrations")))
    if access.has_role(roles=[LEAD, DCS]):
        items.append(("Reports", reverse("mapping:reports:index")))
        items.append(("Readiness", reverse("mapping:reports:readiness:index")))
    elif access.has_role(roles=[VIEWER]):
        items.append(("Reports", reverse("mapping:reports:index")))
    if access.national_admin:
        items.append(("Import", reverse("mapping:import")))
        items.append(("Client groups", reverse("mapping:client_groups")))
    items.append(("Practice questionnaire", reverse("mapping:sandbox")))
    items.append(("Guidance", reverse("mapping:guidance")))
    if access.admin_access:
        items.append(("Directory admin", reverse("wagtailadmin_home")))
    return items


def navigation(access: MappingAccess, path: str) -> list[NavItem]:
    """The menu for ``access``; the item whose address is the longest prefix of ``path`` is
    marked current (so a return page highlights nothing but Home only on the home page)."""
    items = _items(access)
    best = max(
        (url for _, url in items if path.startswith(url)),
        key=len,
        default="",
    )
    home = reverse("mapping:dashboard")
    if best == home and path != home:
        best = ""
    return [NavItem(label, url, url == best) for label, url in items]
