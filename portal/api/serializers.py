"""Directory records as ORUK 3.0 objects (plain dicts ready for JSON).

Optional fields with no value are left out, never sent as null. Only public fields are read:
nothing here touches review flags, LA references, visibility switches or mapping data.
Child records without a UUID of their own (schedules, costs, contacts, addresses...) get a
stable UUID derived from their primary key, so ids do not change between requests.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import uuid
from decimal import Decimal
from typing import Any

from django.utils.html import strip_tags

from directory.models import (
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.models.childcare import offer_codes
from directory.taxonomy import CHILDCARE_OFFER

ID_NAMESPACE = uuid.UUID("6f1c1d0e-3c55-5b8a-9a57-0d1e2a4b7c11")
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|ul|ol|div|blockquote)>|<br\s*/?>", re.IGNORECASE)


def derived_id(kind: str, *keys: Any) -> str:
    """A stable UUID for a child record that has none of its own."""
    return str(uuid.uuid5(ID_NAMESPACE, ":".join([kind, *map(str, keys)])))


# A tag Django's ``strip_tags`` drops whole: a name, plain attributes (quoted values without
# angle brackets), nothing else. Text holding only such tags, and no "&" (which the parser
# can rewrite) or script/style (whose content it reads as text), loses exactly these tags.
_SIMPLE_TAG = re.compile(
    r"</[a-zA-Z][a-zA-Z0-9]*\s*>"
    r"|<[a-zA-Z][a-zA-Z0-9]*"
    r"""(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?)*"""
    r"\s*/?>"
)
_PARSED_CONTENT = re.compile(r"<(script|style)", re.IGNORECASE)


def _strip_tags(text: str) -> str:
    """``django.utils.html.strip_tags``, without its HTML parser for plain markup (the
    parser is most of the time a whole feed takes); anything else goes to the parser."""
    if "&" not in text and not _PARSED_CONTENT.search(text):
        stripped = _SIMPLE_TAG.sub("", text)
        if "<" not in stripped:
            return stripped
    return strip_tags(text)


@functools.lru_cache(maxsize=2048)
def plain_text(rich: str) -> str:
    """Rich text as plain text: one line per paragraph or list item. Remembered for the
    texts seen last: a whole feed repeats each organisation's description many times."""
    text = html.unescape(_strip_tags(_BLOCK_END.sub("\n", rich or "")))
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def number(value: Decimal | float | int) -> float | int:
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def compact(obj: dict[str, Any]) -> dict[str, Any]:
    """Leave out the fields that have no value (None, empty text, empty lists)."""
    return {k: v for k, v in obj.items() if v is not None and v != "" and v != []}


def organization(org: Organisation | None, nested: bool = True) -> dict[str, Any] | None:
    """A published organisation; ``nested`` adds its identifiers (charity, company numbers)."""
    if org is None or not org.live:  # as Service.public_organisation
        return None
    identifiers = []
    for scheme, label, value in (
        ("GB-CHC", "Charity number", org.charity_number),
        ("GB-COH", "Company number", org.companies_house_number),
    ):
        if value and nested:
            identifiers.append(
                {
                    "id": derived_id("organization_identifier", org.pk, scheme),
                    "organization_id": str(org.uuid),
                    "identifier_scheme": scheme,
                    "identifier_type": label,
                    "identifier": value,
                }
            )
    body = {"id": str(org.uuid), "name": org.name, "description": plain_text(org.description)}
    return body | compact(
        {"email": org.email, "website": org.website, "organization_identifiers": identifiers}
    )


def organization_full(org: Organisation, services: list[Service]) -> dict[str, Any]:
    """A published organisation with the public services it provides (``compiled/
    organization``); each service as a listing item, without repeating the organisation."""
    body = organization(org, nested=True) or {}
    items = [{k: v for k, v in service_summary(s).items() if k != "organization"} for s in services]
    return body | compact({"services": items})


def _fees(service: Service) -> str:
    if service.is_free:
        return "Free" + (f". {service.cost_notes}" if service.cost_notes else "")
    return service.cost_notes


def accreditations(service: Service) -> str:
    """The Ofsted registration as ORUK's free-text ``accreditations``."""
    if not service.ofsted_urn:
        return ""
    parts = [f"Ofsted registered, URN {service.ofsted_urn}"]
    if service.registers:
        parts[0] += f" ({'; '.join(service.registers)})"
    if service.ofsted_grade:
        when = service.ofsted_inspection_date
        parts.append(
            f"Latest inspection: {service.get_ofsted_grade_display()}"
            + (f", {when.day} {when:%B %Y}" if when else "")
        )
    parts.append(f"Ofsted reports: {service.ofsted_report_url}")
    return ". ".join(parts) + "."


#: What ``service_summary`` reads of an organisation.
ORGANISATION_FIELDS = (
    "uuid",
    "live",
    "name",
    "description",
    "email",
    "website",
    "charity_number",
    "companies_house_number",
)
#: What ``service_summary`` reads, for queries that load only that (``QuerySet.only``),
#: the organisation's columns included: the whole-feed answers read 100,000 at a go.
SUMMARY_FIELDS = (
    "uuid",
    "name",
    "description",
    "summary",
    "website",
    "email",
    "status",
    "is_free",
    "cost_notes",
    "minimum_age",
    "maximum_age",
    "last_reviewed",
    "updated_at",
    "ofsted_special_consideration",
    "ofsted_urn",
    "ofsted_grade",
    "ofsted_inspection_date",
    "on_early_years_register",
    "on_compulsory_childcare_register",
    "on_voluntary_childcare_register",
    "organisation_id",
    *(f"organisation__{name}" for name in ORGANISATION_FIELDS),
)
LOCATION_SUMMARY_FIELDS = ("uuid", "name", "description", "latitude", "longitude")


def service_summary(service: Service, nested: bool = False) -> dict[str, Any]:
    """The one-to-one fields of a service plus its organisation (``service_list``). A record
    under an Ofsted special consideration goes out without contact details or organisation."""
    withheld = service.withholds_details
    org = None if withheld else organization(service.organisation, nested=nested)
    return compact(
        {
            "id": str(service.uuid),
            "organization_id": org["id"] if org else None,
            "name": service.name,
            "description": plain_text(service.description) or service.summary,
            "url": "" if withheld else service.website,
            "email": "" if withheld else service.email,
            "accreditations": accreditations(service),
            "status": service.status,
            "fees": _fees(service),
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.last_reviewed.isoformat() if service.last_reviewed else None,
            "last_modified": timestamp(service.updated_at),
            "organization": org,
        }
    )


def schedule(item, service_id: str) -> dict[str, Any]:
    return compact(
        {
            "id": derived_id("schedule", item.pk),
            "service_id": service_id,
            "freq": "WEEKLY",
            "interval": 1,
            "byday": RRULE_DAYS[item.weekday],
            "opens_at": item.opens_at.strftime("%H:%M:%S"),
            "closes_at": item.closes_at.strftime("%H:%M:%S"),
            "description": (
                f"{item.get_weekday_display()} {item.opens_at:%H:%M} to {item.closes_at:%H:%M}"
            ),
            "notes": item.notes,
        }
    )


def location_summary(location: Location) -> dict[str, Any]:
    return compact(
        {
            "id": str(location.uuid),
            "location_type": "physical",
            "name": location.name,
            "description": location.description,
            "latitude": number(location.latitude) if location.latitude is not None else None,
            "longitude": number(location.longitude) if location.longitude is not None else None,
        }
    )


def location_full(location: Location) -> dict[str, Any]:
    address_1 = ", ".join(p for p in (location.address_1, location.address_2) if p)
    address = compact(
        {
            "id": derived_id("address", location.pk),
            "location_id": str(location.uuid),
            "address_1": address_1,
            "city": location.city,
            "region": location.local_authority.region,
            "state_province": location.local_authority.name,
            "postal_code": location.postcode,
            "country": "GB",
            "address_type": "physical",
        }
    )
    accessibility = []
    if location.accessibility:
        accessibility.append(
            {
                "id": derived_id("accessibility", location.pk),
                "location_id": str(location.uuid),
                "description": location.accessibility,
            }
        )
    return location_summary(location) | compact(
        {"addresses": [address], "accessibility": accessibility}
    )


def taxonomy_term(term: TaxonomyTerm) -> dict[str, Any]:
    parent_uuid = term.parent.uuid if term.parent_id else None
    return compact(
        {
            "id": str(term.uuid),
            "name": term.name,
            "parent_id": str(parent_uuid) if parent_uuid else None,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy.uuid),
            "term": term.name,
        }
    ) | {"description": term.description}


def taxonomy(item: Taxonomy, terms: list[TaxonomyTerm] | None = None) -> dict[str, Any]:
    body = compact(
        {
            "id": str(item.uuid),
            "name": item.name,
            "uri": item.uri,
            "version": item.version,
        }
    ) | {"description": item.description}
    if terms:
        body["taxonomy_terms"] = [taxonomy_term(t) for t in terms]
    return body


def service_at_location_summary(link: ServiceAtLocation) -> dict[str, Any]:
    return {
        "id": str(link.uuid),
        "service_id": str(link.service.uuid),
        "location_id": str(link.location.uuid),
        "location": location_summary(link.location),
        "service": service_summary(link.service),
    }


def _service_links(service: Service) -> list[dict[str, Any]]:
    return [
        {
            "id": str(link.uuid),
            "service_id": str(service.uuid),
            "location_id": str(link.location.uuid),
            "location": location_full(link.location),
        }
        for link in service.service_locations.all()
    ]


#: ISO 639-1 codes (639-3 for sign languages) of the languages Waymark's records name most.
LANGUAGE_CODES = {
    "arabic": "ar",
    "bengali": "bn",
    "british sign language": "bfi",
    "bsl": "bfi",
    "chinese": "zh",
    "english": "en",
    "farsi": "fa",
    "french": "fr",
    "gujarati": "gu",
    "hindi": "hi",
    "kurdish": "ku",
    "latvian": "lv",
    "lithuanian": "lt",
    "pashto": "ps",
    "polish": "pl",
    "portuguese": "pt",
    "punjabi": "pa",
    "romanian": "ro",
    "russian": "ru",
    "somali": "so",
    "spanish": "es",
    "tamil": "ta",
    "tigrinya": "ti",
    "turkish": "tr",
    "ukrainian": "uk",
    "urdu": "ur",
    "welsh": "cy",
}


def languages(service: Service) -> list[dict[str, Any]]:
    """HSDS 3.0 language objects (name, and the ISO code where known) for the service."""
    return [
        compact(
            {
                "id": derived_id("language", service.pk, name.lower()),
                "service_id": str(service.uuid),
                "name": name,
                "code": LANGUAGE_CODES.get(name.lower()),
            }
        )
        for name in service.language_list
    ]


def phones(service: Service) -> list[dict[str, Any]]:
    """The service's phone number as an HSDS 3.0 phone object (none for a record under an
    Ofsted special consideration)."""
    if not service.phone or service.withholds_details:
        return []
    return [
        {
            "id": derived_id("phone", service.pk),
            "service_id": str(service.uuid),
            "number": service.phone,
        }
    ]


def service_full(service: Service) -> dict[str, Any]:
    """A fully nested service (``compiled/service``)."""
    sid = str(service.uuid)
    children = {
        "phones": phones(service),
        "languages": languages(service),
        "schedules": [schedule(s, sid) for s in service.schedules.all()],
        "service_areas": [
            {
                "id": derived_id("service_area", service.pk),
                "service_id": sid,
                "name": service.local_authority.name,
            }
        ],
        "service_at_locations": [] if service.withholds_details else _service_links(service),
        "cost_options": [
            compact(
                {
                    "id": derived_id("cost_option", c.pk),
                    "service_id": sid,
                    "option": c.option,
                    "amount": number(c.amount) if c.amount is not None else None,
                    "amount_description": c.amount_description,
                }
            )
            for c in service.cost_options.all()
        ]
        + [_extra_cost(e, sid) for e in service.childcare_extras.all()],
        "contacts": [
            compact(
                {
                    "id": derived_id("contact", c.pk),
                    "service_id": sid,
                    "name": c.name,
                    "title": c.title,
                }
            )
            for c in service.contacts.all()
            if not service.withholds_details
        ],
        "attributes": [
            {
                "id": derived_id("attribute", service.pk, term.pk),
                "link_id": sid,
                "link_type": "service",
                "taxonomy_term_id": str(term.uuid),
                "taxonomy_term": taxonomy_term(term),
            }
            for term in [*service.categories.all(), *_offer_terms(service)]
        ],
    }
    return compact(service_summary(service, nested=True) | children)


def _extra_cost(extra, service_id: str) -> dict[str, Any]:
    """A chargeable childcare extra (meals, consumables, trips) as an ORUK cost option."""
    option = extra.get_kind_display()
    if extra.description:
        option = f"{option}: {extra.description}"
    return compact(
        {
            "id": derived_id("childcare_extra", extra.pk),
            "service_id": service_id,
            "option": option,
            "amount": number(extra.price) if extra.price is not None else None,
            "amount_description": extra.unit,
        }
    )


def _offer_terms(service: Service) -> list[TaxonomyTerm]:
    """The "Childcare offer" taxonomy terms describing the service (provision type,
    registers, funded entitlements, Tax-Free Childcare, opening weeks)."""
    codes = offer_codes(service)
    if not codes:
        return []
    terms = {t.code: t for t in childcare_offer_terms()}
    return [terms[code] for code in codes if code in terms]


def childcare_offer_terms() -> list[TaxonomyTerm]:
    return list(
        TaxonomyTerm.objects.filter(taxonomy__name=CHILDCARE_OFFER).select_related("taxonomy")
    )


def service_at_location_full(link: ServiceAtLocation) -> dict[str, Any]:
    """A service at a location, with the service's own name and status at the top as well.

    The official ORUK 3.0 OpenAPI maps ``/service_at_locations/{id}`` to the *service* schema,
    which requires ``name`` and ``status``; carrying both keeps the public validator satisfied
    while every service_at_location field stays where the HSDS schema puts it.
    """
    return {
        "id": str(link.uuid),
        "name": link.service.name,
        "status": link.service.status,
        "service_id": str(link.service.uuid),
        "location_id": str(link.location.uuid),
        "location": location_full(link.location),
        "service": service_full(link.service),
    }
