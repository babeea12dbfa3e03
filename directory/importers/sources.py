"""Where ORUK service records come from: an API base URL (every page) or a JSON file."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

USER_AGENT = "Waymark import_oruk (+https://github.com/)"
DETAIL_KEYS = (
    "service_at_locations",
    "schedules",
    "regular_schedules",
    "cost_options",
    "attributes",
    "taxonomy_terms",
    "service_taxonomys",
    "eligibilitys",
)
MAX_PAGES = 100_000


class SourceError(Exception):
    """The feed could not be read at all; the message says why."""


@dataclass
class Feed:
    records: Iterator[dict[str, Any]]
    total: int | None


def records_in(payload: Any) -> list[Any]:
    """The service records in a page envelope (``contents`` or ``content``) or a bare array."""
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        for key in ("contents", "content", "items", "data"):
            if isinstance(payload.get(key), list):
                return payload[key]
        if payload.get("id") or payload.get("name"):
            return [payload]  # a single service record
    raise SourceError("The JSON holds no list of services (expected “contents” or an array).")


def open_feed(source: str, *, per_page: int = 100, timeout: float = 30.0) -> Feed:
    if source.startswith(("http://", "https://")):
        return _walk_api(source, per_page=per_page, timeout=timeout)
    path = Path(source)
    if not path.is_file():
        raise SourceError(f"{source} is neither a URL nor a file.")
    return read_feed(path.read_bytes(), source)


def read_feed(content: bytes, name: str) -> Feed:
    """The service records of a JSON file's bytes (a page envelope or a bare array)."""
    try:
        payload = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise SourceError(f"{name} is not a UTF-8 JSON file: {error}") from error
    except json.JSONDecodeError as error:
        raise SourceError(
            f"{name} is not a UTF-8 JSON file: {error.msg} at line {error.lineno}, "
            f"column {error.colno}."
        ) from error
    except RecursionError as error:
        raise SourceError(f"{name} could not be read: its JSON nests too deeply.") from error
    except ValueError as error:  # e.g. an integer of more digits than Python will convert
        raise SourceError(f"{name} could not be read: it holds a number too long.") from error
    records = records_in(payload)
    return Feed(records=iter(records), total=len(records))


def fetch_json(url: str, timeout: float) -> Any:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise SourceError(f"{url} answered {error.code} {error.reason}.") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SourceError(f"{url} could not be reached: {error}.") from error
    except (ValueError, RecursionError) as error:  # not JSON, not UTF-8, too deep, a huge number
        raise SourceError(f"{url} did not answer with readable JSON: {error}.") from error


def _base_url(source: str) -> str:
    parts = urllib.parse.urlsplit(source)
    path = parts.path.rstrip("/")
    if path.endswith("/services"):
        path = path[: -len("/services")]
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _walk_api(source: str, *, per_page: int, timeout: float) -> Feed:
    base = _base_url(source)
    first = fetch_json(f"{base}/services?page=1&per_page={per_page}", timeout)
    total = _int(first, "total_items", "totalElements")

    def records() -> Iterator[dict[str, Any]]:
        payload, page = first, 1
        while True:
            items = records_in(payload)
            for item in items:
                if _needs_detail(item):
                    item = fetch_json(
                        f"{base}/services/{urllib.parse.quote(str(item['id']), safe='')}",
                        timeout,
                    )
                yield item
            pages = _int(payload, "total_pages", "totalPages")
            last = (
                payload.get("last_page", payload.get("last")) if isinstance(payload, dict) else True
            )
            if not items or last is True or (pages is not None and page >= pages):
                return
            page += 1
            if page > MAX_PAGES:
                raise SourceError(f"{base} claims more than {MAX_PAGES} pages; stopped.")
            payload = fetch_json(f"{base}/services?page={page}&per_page={per_page}", timeout)

    return Feed(records=records(), total=total)


def _needs_detail(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and item.get("id") not in (None, "")
        and not any(key in item for key in DETAIL_KEYS)
    )


def _int(payload: Any, *keys: str) -> int | None:
    if not isinstance(payload, dict):
        return None
    for key in keys:
        value = payload.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None
