"""The client's address, trusting ``X-Forwarded-For`` only from our own reverse proxies.

Behind a load balancer every request arrives from the proxy's address, so rate limits and
login throttling would lock out everyone at once; trusting the header from anyone would let
an attacker pick a fresh address for every attempt. ``WAYMARK_TRUSTED_PROXIES`` lists the
proxies' addresses or networks: the client is the right-most forwarded address that is not
one of them.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings


@cache
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str:
    """The address of the client that made ``request`` (also axes' ``AXES_CLIENT_IP_CALLABLE``)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(settings.WAYMARK_TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else remote
