"""Validating API answers against the ORUK 3.0 schemas kept in ``portal/api/schema``.

The upstream OpenAPI refers to its schemas by raw.githubusercontent.com URLs; a ``referencing``
registry maps those URLs to the local copies so nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "portal" / "api" / "schema"
REMOTE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
UPSTREAM_OPENAPI = "urn:oruk:upstream-openapi"
SERVED_OPENAPI = "urn:waymark:served-openapi"

FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    """RFC 3339: a full date and time with an offset (Z or +hh:mm)."""
    if not isinstance(value, str):
        return True
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if "T" not in value or parsed.tzinfo is None:
        raise ValueError("not a date and time with a time zone")
    return True


@FORMATS.checks("uri", raises=ValueError)
def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    if not parts.scheme or not parts.netloc:
        raise ValueError("not an absolute URI")
    return True


def _resource(document: dict) -> Resource:
    return Resource(contents=document, specification=DRAFT202012)


@functools.cache
def _upstream_registry() -> Registry:
    resources = [
        (UPSTREAM_OPENAPI, _resource(json.loads((SCHEMA_DIR / "openapi.json").read_text())))
    ]
    for path in SCHEMA_DIR.rglob("*.json"):
        relative = path.relative_to(SCHEMA_DIR).as_posix()
        resources.append((REMOTE + relative, _resource(json.loads(path.read_text()))))
    return Registry().with_resources(resources).crawl()


def _pointer(path: str) -> str:
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"#/paths/{escaped}/get/responses/200/content/application~1json/schema"


def upstream_validator(path: str) -> Draft202012Validator:
    """The upstream OpenAPI's response schema for GET ``path`` (e.g. ``/services/{id}``).

    Upstream points ``/service_at_locations/{id}`` at ``compiled/service.json`` by mistake;
    that one answer is checked against ``compiled/service_at_location.json`` instead.
    """
    if path == "/service_at_locations/{id}":
        schema = {"$ref": REMOTE + "compiled/service_at_location.json"}
    else:
        schema = {"$ref": UPSTREAM_OPENAPI + _pointer(path)}
    return Draft202012Validator(schema, registry=_upstream_registry(), format_checker=FORMATS)


def public_validator_mapping(path: str) -> Draft202012Validator:
    """The upstream OpenAPI's response schema for GET ``path`` exactly as the public ORUK
    validator reads it, ``/service_at_locations/{id}`` mapped to the service schema included."""
    schema = {"$ref": UPSTREAM_OPENAPI + _pointer(path)}
    return Draft202012Validator(schema, registry=_upstream_registry(), format_checker=FORMATS)


def served_validator(served_openapi: dict, path: str) -> Draft202012Validator:
    """The response schema that our own served ``openapi.json`` declares for GET ``path``."""
    return Draft202012Validator(
        {"$ref": SERVED_OPENAPI + _pointer(path)},
        registry=Registry().with_resource(SERVED_OPENAPI, _resource(served_openapi)),
        format_checker=FORMATS,
    )


def errors(validator: Draft202012Validator, instance: Any) -> list[str]:
    return [
        f"{list(e.absolute_path)}: {e.message[:200]}"
        for e in sorted(validator.iter_errors(instance), key=str)
    ]


def null_paths(obj: Any, path: str = "") -> list[str]:
    """Where an answer holds a null (optional fields must be left out instead)."""
    if isinstance(obj, dict):
        return [p for k, v in obj.items() for p in null_paths(v, f"{path}.{k}")] + [
            f"{path}.{k}" for k, v in obj.items() if v is None
        ]
    if isinstance(obj, list):
        return [p for i, v in enumerate(obj) for p in null_paths(v, f"{path}[{i}]")]
    return []
