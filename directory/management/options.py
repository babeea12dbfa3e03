"""Turning the import commands' shared options into records, with clear errors."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from directory.models import LocalAuthority


def local_authority_option(code: str) -> LocalAuthority:
    try:
        return LocalAuthority.objects.get(code=code.upper())
    except LocalAuthority.DoesNotExist:
        raise CommandError(f"No local authority has the code {code}.") from None


def user_option(username: str | None):
    """The user named by ``--user`` (recorded on revisions), or None when not given."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user is called {username}.")
    return user
