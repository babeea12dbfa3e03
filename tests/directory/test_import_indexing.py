"""A spreadsheet import keeps every index in step, though it indexes once per batch."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backend

from directory.models import Location, Service
from directory.signals import records_saved
from search import ServiceQuery, search_services
from search.models import SearchDocument, SearchPoint
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def write_csv(path, rows) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def names_found(text: str) -> set[str]:
    hits = search_services(ServiceQuery(text=text), log=False).hits
    return set(
        Service.objects.filter(pk__in=[h.service_id for h in hits]).values_list("name", flat=True)
    )


def wagtail_found(text: str) -> set[str]:
    return {service.name for service in get_search_backend().search(text, Service)}


@pytest.fixture
def la():
    return LocalAuthorityFactory(code="E06000013", name="North Lincolnshire")


def test_published_import_is_searchable_and_referenced(la, tmp_path):
    organisation = OrganisationFactory(local_authority=la, name="Riverside Trust")
    location = LocationFactory(local_authority=la, name="Riverside Hub", postcode="DN15 6NL")
    path = tmp_path / "services.csv"
    rows = [["id", "name", "summary", "organisation", "locations", "categories"]]
    rows += [
        ["", f"Zebrafinch club {n}", "Birdsong mornings", str(organisation.uuid), "", "activities"]
        for n in range(5)
    ]
    rows.append(["", "Quokka swim", "Water play", str(organisation.uuid), str(location.uuid), ""])
    write_csv(path, rows)

    call_command(
        "import_services",
        str(path),
        "--la",
        la.code,
        "--publish",
        "--batch-size",
        "4",
        verbosity=0,
    )

    assert names_found("zebrafinch") == {f"Zebrafinch club {n}" for n in range(5)}
    assert names_found("quokka") == {"Quokka swim"}
    assert wagtail_found("Quokka") == {"Quokka swim"}
    assert SearchDocument.objects.filter(service__local_authority=la).count() == 6
    referencing = {ref.object_id for ref in ReferenceIndex.get_references_to(organisation)}
    assert referencing == {str(pk) for pk in Service.objects.values_list("pk", flat=True)}


def test_draft_import_stays_out_of_public_search(la, tmp_path):
    path = tmp_path / "services.csv"
    write_csv(path, [["id", "name"], ["", "Axolotl tank"]])
    call_command("import_services", str(path), "--la", la.code, verbosity=0)
    assert Service.objects.get(name="Axolotl tank").live is False
    assert names_found("axolotl") == set()
    assert not SearchDocument.objects.exists()
    # Staff search in the admin (Wagtail's index) finds drafts, as it did per save.
    assert wagtail_found("Axolotl") == {"Axolotl tank"}


def test_refused_import_leaves_the_indexes_as_they_were(la, tmp_path):
    path = tmp_path / "services.csv"
    write_csv(
        path,
        [["id", "name", "maximum_age"], ["", "Pangolin den", "3"], ["", "Broken", "99"]],
    )
    with pytest.raises(Exception, match="1 problem"):
        call_command("import_services", str(path), "--la", la.code, "--publish", verbosity=0)
    assert not Service.objects.exists()
    assert not SearchDocument.objects.exists()
    assert wagtail_found("Pangolin") == set()


def test_batch_announces_its_saved_records_once_per_model(la, tmp_path):
    announced = []

    def listener(sender, pks, **kwargs):
        announced.append((sender, set(pks)))

    path = tmp_path / "services.csv"
    write_csv(path, [["id", "name"], *[["", f"Tapir trail {n}"] for n in range(3)]])
    records_saved.connect(listener)
    try:
        call_command("import_services", str(path), "--la", la.code, verbosity=0)
    finally:
        records_saved.disconnect(listener)
    assert announced == [(Service, set(Service.objects.values_list("pk", flat=True)))]


def test_location_import_moves_its_services_in_search(la, tmp_path):
    location = LocationFactory(local_authority=la, name="Old Hall", postcode="DN15 6NL")
    service = ServiceFactory(local_authority=la, name="Okapi club", locations=[location])
    assert SearchPoint.objects.get(service=service).latitude == pytest.approx(53.5886)
    path = tmp_path / "locations.csv"
    write_csv(
        path,
        [
            ["id", "name", "address_1", "city", "postcode", "latitude", "longitude"],
            [
                str(location.uuid),
                "Old Hall",
                "1 High Street",
                "Brigg",
                "DN20 8AA",
                "53.55",
                "-0.49",
            ],
        ],
    )
    call_command("import_services", str(path), "--la", la.code, "--kind", "locations", verbosity=0)
    assert Location.objects.get(pk=location.pk).city == "Brigg"
    assert SearchPoint.objects.get(service=service).latitude == pytest.approx(53.55)


def _assert_entries_as_add_bulk_writes(model, records) -> None:
    """``add_entries`` writes (and writes again) the entries modelsearch's add_bulk writes."""
    from modelsearch.backends.database.postgres.postgres import IndexEntry

    from directory.importers.search_entries import add_entries

    backend = get_search_backend()
    columns = (
        "object_id",
        "title",
        "autocomplete",
        "body",
        "title_norm",
        "title_text",
        "body_text",
    )

    def entries():
        rows = IndexEntry.objects.filter(object_id__in=[str(r.pk) for r in records])
        return sorted(tuple(str(value) for value in row) for row in rows.values_list(*columns))

    IndexEntry.objects.all().delete()
    backend.add_bulk(model, records)
    expected = entries()
    assert len(expected) == len(records)
    IndexEntry.objects.all().delete()
    assert add_entries(backend, model, records)
    assert entries() == expected
    # Writing them again updates the entries in place.
    assert add_entries(backend, model, records)
    assert entries() == expected


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="modelsearch's PostgreSQL index entries"
)
def test_batch_search_entries_are_those_modelsearch_writes(la):
    """An import writes Wagtail's search entries in one statement per batch: each entry is the
    one modelsearch's own add_bulk writes (vectors, weights, plain texts, title norm)."""
    services = [
        ServiceFactory(local_authority=la, name=name, summary=summary)
        for name, summary in [
            ("Stay and play", "Songs, stories and play for under-fives."),
            ("The", ""),  # a stop word and an empty summary
            ("  Café Ñandú  ", "Über-fun: crafts & 'quotes' — 100% free"),
            ("Swimming lessons", "   "),
        ]
    ]
    _assert_entries_as_add_bulk_writes(Service, services)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="modelsearch's PostgreSQL index entries"
)
def test_batch_with_titles_refreshes_their_norms_as_add_bulk_does():
    """Pages have titles: their norms (the average title's length over each one's) come out
    as modelsearch's own add_bulk leaves them."""
    from wagtail.models import Site

    from portal.models import InformationPage

    home = Site.objects.get(is_default_site=True).root_page
    pages = []
    for n, title in enumerate(["Help", "Help paying for childcare", "Funded hours for twos"]):
        page = InformationPage(title=title, slug=f"page-{n}", body=[])
        home.add_child(instance=page)
        pages.append(page)
    _assert_entries_as_add_bulk_writes(InformationPage, pages)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="modelsearch's PostgreSQL index entries"
)
def test_batch_of_records_without_titles_leaves_title_norms_alone(la):
    """Title norms weigh a title's length against the average title: a batch whose model has
    no title field adds no title, so it changes no norm, and is not followed by the two
    statements that read the whole index to refresh them (every batch of an import, slower
    as the directory grows)."""
    from django.test.utils import CaptureQueriesContext

    from directory.importers.search_entries import add_entries

    services = [ServiceFactory(local_authority=la, name=f"Play {n}") for n in range(3)]
    with CaptureQueriesContext(connection) as queries:
        assert add_entries(get_search_backend(), Service, services)
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) == 1
    assert statements[0].lstrip().startswith("INSERT INTO")
