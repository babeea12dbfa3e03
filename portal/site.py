"""Which site a request is for, its portal settings and the local authority it serves.

Every public page asks (the search's local authority, the header and footer's settings), and
Wagtail's lookups compile two ORM queries each time (about 3 ms of a search page's CPU). So
each host's site and settings rows, and the footer's links (a page query and four URLs, 1.5 ms
of every page), are kept in the cache, under one key dropped whenever a site or its settings
are saved or deleted, a local authority or image they may link to is deleted, or a page is
published, unpublished, moved or deleted (``PortalConfig.ready``; the timeout bounds how long
a change made where signals do not fire can go unseen). Each request gets its own instances
built from those rows (the site's root page is read when asked for), set where Wagtail's
``Site.find_for_request`` and ``PortalSettings.for_request`` look first.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import models, transaction
from django.http.request import split_domain_port
from wagtail.models import Site

from portal.models import PortalSettings

SITES_KEY = "waymark:sites"
SITES_TIMEOUT = 300


def _row(instance: models.Model | None) -> tuple | None:
    if instance is None:
        return None
    return tuple(field.value_from_object(instance) for field in instance._meta.concrete_fields)


def _instance(model: type[models.Model], row: tuple | None) -> models.Model | None:
    if row is None:
        return None
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db("default", names, row)


def find_site(request) -> Site | None:
    """``Site.find_for_request``, with the site's settings set on the request too, read from
    the cache when this host was looked up before."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    host = (split_domain_port(request._get_raw_host())[0], request.get_port())
    sites = cache.get(SITES_KEY) or {}
    if host not in sites:
        site = Site.find_for_request(request)
        settings = PortalSettings.for_request(request) if site is not None else None
        footer = settings.footer_links() if settings is not None else None
        entry = (_row(site), _row(settings), footer)
        cache.set(SITES_KEY, {**sites, host: entry}, SITES_TIMEOUT)
        return site
    site_row, settings_row, footer = sites[host]
    site = request._wagtail_site = _instance(Site, site_row)
    if site is not None:
        settings = _instance(PortalSettings, settings_row)
        settings._request = request  # as PortalSettings.for_request leaves it
        settings._footer_links = footer
        setattr(request, PortalSettings.get_cache_attr_name(), settings)
    return site


def forget_sites(**kwargs) -> None:
    """A site, its settings or a page changed: look every host up again (now, and after the commit,
    so that a request reading the old rows meanwhile cannot keep them)."""
    cache.delete(SITES_KEY)
    transaction.on_commit(lambda: cache.delete(SITES_KEY))


def site_local_authority_id(request) -> int | None:
    """The LA the requested site is tied to; None for a site serving all LAs, or no site."""
    if find_site(request) is None:
        return None
    return PortalSettings.for_request(request).local_authority_id  # cached on the request


class CachedSiteMiddleware:
    """Looks each request's site up through the cache (``find_site``) before any view does,
    so Wagtail's own pages (the home page, information pages), the settings their templates
    read and the footer are served from the cached rows too: four queries fewer a page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        find_site(request)
        return self.get_response(request)
