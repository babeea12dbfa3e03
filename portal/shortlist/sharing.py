"""Read-only links to a shortlist: signed, unguessable, and expiring.

Nothing is stored: the link carries the service ids, signed with the site's secret key and
stamped with the time it was made, so it cannot be altered, forged or guessed, and stops
working after ``WAYMARK_SHORTLIST_SHARE_DAYS``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing

SALT = "waymark.shortlist.share"


class LinkExpired(Exception):
    """The link was genuine but is older than the share period."""


def share_days() -> int:
    return settings.WAYMARK_SHORTLIST_SHARE_DAYS


def make_token(service_ids: list[int]) -> str:
    return signing.dumps(service_ids, salt=SALT, compress=True)


def read_token(token: str) -> list[int]:
    """The service ids in a link; raises LinkExpired, or signing.BadSignature if forged."""
    try:
        ids = signing.loads(token, salt=SALT, max_age=dt.timedelta(days=share_days()))
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        raise signing.BadSignature("Unexpected shortlist payload")
    return ids


def expires_on(token: str) -> dt.date:
    """The day a link (already checked by ``read_token``) stops working."""
    made = signing.b62_decode(token.rsplit(":", 2)[-2])
    return (dt.datetime.fromtimestamp(made, tz=dt.UTC) + dt.timedelta(days=share_days())).date()
