"""Build ``openapi.json``, the document we serve, from the ORUK 3.0 files in ``schema/``.

Run ``python -m portal.api.openapi_build`` after updating ``schema/``. The result is the
upstream ORUK OpenAPI with:

- every remote ``$ref`` to raw.githubusercontent.com inlined as ``#/components/schemas/<name>``
  (the ORUK keys that are not JSON Schema, such as ``constraints``, are dropped) so the
  document resolves offline;
- ``GET /service_at_locations/{id}`` pointing at the service_at_location schema (upstream
  points it at ``compiled/service.json``, a known mistake);
- the invalid parameter type ``time`` written as ``string`` with format ``time``, and the
  3.1-only ``jsonSchemaDialect`` removed from this 3.0 document;
- the 400, 404 and 429 JSON error answers this API gives, and the envelope fields marked required;
- ``/organizations`` and ``/organizations/{id}`` (older validator profiles ask for them), and
  HSDS 3.0's ``modified_after`` on the two service listings.

``servers`` is filled in per request by the view.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).parent / "schema"
OUTPUT = Path(__file__).parent / "openapi.json"
REMOTE_PREFIX = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
JSON_SCHEMA_KEYS = {
    "type",
    "format",
    "enum",
    "required",
    "properties",
    "items",
    "title",
    "description",
    "example",
    "$ref",
}
ENVELOPE = ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"]


def component_name(remote: str) -> str:
    """``.../schema/compiled/service_list.json`` -> ``service_list``; per-object files too."""
    return remote.removeprefix(REMOTE_PREFIX).removeprefix("compiled/").removesuffix(".json")


def clean_schema(schema: Any, in_properties: bool = False) -> Any:
    """Keep only JSON Schema keywords; turn relative file refs into component refs."""
    if isinstance(schema, list):
        return [clean_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if in_properties:  # keys are property names, not keywords
        return {name: clean_schema(sub) for name, sub in schema.items()}
    cleaned: dict[str, Any] = {}
    for key, value in schema.items():
        if key not in JSON_SCHEMA_KEYS:
            continue
        if key == "$ref":
            cleaned[key] = "#/components/schemas/" + Path(value).stem
        elif key == "properties":
            cleaned[key] = clean_schema(value, in_properties=True)
        elif key in ("items",):
            cleaned[key] = clean_schema(value)
        else:
            cleaned[key] = value
    return cleaned


def load(name: str) -> dict:
    compiled = SCHEMA_DIR / "compiled" / f"{name}.json"
    path = compiled if compiled.exists() else SCHEMA_DIR / f"{name}.json"
    return json.loads(path.read_text())


def error_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def build() -> dict:
    upstream = json.loads((SCHEMA_DIR / "openapi.json").read_text())
    doc = copy.deepcopy(upstream)
    doc.pop("jsonSchemaDialect", None)
    doc["info"]["description"] = (
        "Open Referral UK 3.0 API of this Family Information Service directory. "
        "Schemas: Human Services Data Specification, an Open Referral resource (CC BY 4.0)."
    )
    sal = doc["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]
    sal["content"]["application/json"]["schema"]["$ref"] = (
        REMOTE_PREFIX + "compiled/service_at_location.json"
    )

    _add_organisations(doc)
    for path in ("/services", "/service_at_locations"):
        doc["paths"][path]["get"]["parameters"].append(
            {"$ref": "#/components/parameters/modified_after"}
        )

    wanted: set[str] = set()

    def relink(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(REMOTE_PREFIX):
                wanted.add(component_name(ref))
                node["$ref"] = "#/components/schemas/" + component_name(ref)
            for value in node.values():
                relink(value)
        elif isinstance(node, list):
            for value in node:
                relink(value)

    relink(doc["paths"])
    schemas = doc["components"]["schemas"]
    pending = sorted(wanted)
    while pending:
        name = pending.pop()
        if name in schemas:
            continue
        schemas[name] = clean_schema(load(name))
        refs: set[str] = set()
        _collect_refs(schemas[name], refs)
        pending += sorted(refs - set(schemas))

    schemas["Page"]["required"] = ENVELOPE
    schemas["Error"] = {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "description": "A short machine-readable code."},
            "message": {"type": "string", "description": "What was wrong, for a person."},
            "parameter": {"type": "string", "description": "The query parameter at fault."},
        },
    }
    for parameter in doc["components"]["parameters"].values():
        if parameter["schema"].get("type") == "time":
            parameter["schema"] = {"type": "string", "format": "time"}
    for path, item in doc["paths"].items():
        responses = item["get"]["responses"]
        if item["get"].get("parameters"):
            responses["400"] = error_response("A query parameter was not valid.")
        if "{id}" in path:
            responses["404"] = error_response("No published record has this id.")
        responses["429"] = error_response(
            "Too many requests from this client: wait the Retry-After header's seconds."
        )
    return doc


def _add_organisations(doc: dict) -> None:
    """``/organizations`` and ``/organizations/{id}``, which older ORUK validator profiles ask
    for, written as upstream writes the taxonomy paths."""
    taxonomies = doc["paths"]["/taxonomies"]
    listing = copy.deepcopy(taxonomies)
    get = listing["get"]
    get["description"] = get["summary"] = "Paginated listing of published organizations."
    get["operationId"] = "getPaginatedListOfOrganizations"
    answer = get["responses"]["200"]
    answer["description"] = get["description"]
    schema = answer["content"]["application/json"]["schema"]
    schema["properties"]["contents"]["items"]["$ref"] = (
        REMOTE_PREFIX + "compiled/organization_list.json"
    )
    detail = copy.deepcopy(doc["paths"]["/taxonomies/{id}"])
    detail["parameters"][0]["description"] = "The id of the organization to retrieve."
    get = detail["get"]
    get["description"] = "A published organization with its services."
    get["summary"] = "Retrieves a published organization by {id}."
    get["operationId"] = "getOrganizationById"
    answer = get["responses"]["200"]
    answer["description"] = get["description"]
    answer["content"]["application/json"]["schema"]["$ref"] = (
        REMOTE_PREFIX + "compiled/organization.json"
    )
    doc["paths"]["/organizations"] = listing
    doc["paths"]["/organizations/{id}"] = detail


def _collect_refs(node: Any, into: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            into.add(ref.rsplit("/", 1)[-1])
        for value in node.values():
            _collect_refs(value, into)
    elif isinstance(node, list):
        for value in node:
            _collect_refs(value, into)


def render() -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    OUTPUT.write_text(render())
    print(f"wrote {OUTPUT}")
