"""Sources the Content-Security-Policy must allow because of a setting."""

from __future__ import annotations

from urllib.parse import urlsplit


def tile_origin(tile_url: str) -> str:
    """The origin of a map tile URL template, as a CSP source.

    ``https://{s}.tile.example.org/{z}/{x}/{y}.png`` becomes ``https://*.tile.example.org``.
    """
    parts = urlsplit(tile_url.replace("{s}", "*"))
    if not parts.scheme or not parts.netloc:
        raise ValueError(f"WAYMARK_MAP_TILE_URL must be an absolute URL, not {tile_url!r}")
    return f"{parts.scheme}://{parts.netloc}"
