"""Which local authority the current site serves, if any."""

from __future__ import annotations

from portal.models import PortalSettings


def site_local_authority_id(request) -> int | None:
    return PortalSettings.for_request(request).local_authority_id
