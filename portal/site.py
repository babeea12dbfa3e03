"""Which local authority the current site serves, if any."""

from __future__ import annotations

from wagtail.models import Site

from portal.models import PortalSettings


def site_local_authority_id(request) -> int | None:
    """The LA the requested site is tied to; None for a site serving all LAs, or no site."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return PortalSettings.for_request(request).local_authority_id  # cached on the request
