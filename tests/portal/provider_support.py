"""Arrangements for the provider area tests: organisations, services, provider logins."""

from __future__ import annotations

import re
import uuid

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from directory.models import ProviderAccess
from tests.factories import UserFactory

SAMPLE = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": str(uuid.uuid4())}


def provider_for(organisation, **kwargs):
    """A provider account with access to ``organisation`` (and nothing else)."""
    user = UserFactory(**kwargs)
    ProviderAccess.objects.create(
        user=user, organisation=organisation, local_authority=organisation.local_authority
    )
    return user


def _route(pattern) -> str | None:
    if isinstance(pattern, RoutePattern):
        return re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), str(pattern)
        )
    if isinstance(pattern, RegexPattern):
        regex = pattern.regex.pattern
        if "(" in regex:
            return None  # a group we cannot fill in safely
        return regex.lstrip("^").rstrip("$").replace("\\", "")
    return None


def urls_under(prefix: str) -> list[tuple[str, str]]:
    """Every (path, name) the root URLconf serves under ``prefix``, parameters filled in."""
    found: list[tuple[str, str]] = []

    def walk(patterns, base: str) -> None:
        for entry in patterns:
            part = _route(entry.pattern)
            if part is None:
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, base + part)
            elif isinstance(entry, URLPattern):
                found.append(("/" + base + part, entry.name or ""))

    walk(get_resolver().url_patterns, "")
    return sorted({(p, n) for p, n in found if p.startswith(prefix)})
