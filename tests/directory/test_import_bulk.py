"""New rows in a spreadsheet import are written a batch at a time: the same records,
revisions, log entries, reference and search index rows as the one-at-a-time path, and
still all or nothing across batches."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from import_export.resources import ModelResource
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend

from directory.exchange.engine import PREVIEW_ROWS, Change, run_import
from directory.exchange.resources import ServiceResource
from directory.exchange.tables import open_table
from directory.models import Service
from search.models import SearchDocument
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db

VOLATILE = {"id", "pk", "uuid", "created_at", "updated_at", "latest_revision", "live_revision"}
VOLATILE |= {"first_published_at", "last_published_at", "service", "locked_at"}


@pytest.fixture
def la():
    return LocalAuthorityFactory(code="E06000013", name="North Lincolnshire")


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def sample_rows(la) -> list[list[str]]:
    organisation = OrganisationFactory(local_authority=la, name="Riverside Trust")
    hub = LocationFactory(local_authority=la, name="Riverside Hub", postcode="DN15 6NL")
    library = LocationFactory(local_authority=la, name="Library", postcode="DN15 6NS")
    ServiceFactory(local_authority=la, name="Stay and Play")  # takes the slug stay-and-play
    header = [
        "id",
        "name",
        "organisation",
        "summary",
        "description",
        "categories",
        "minimum_age",
        "maximum_age",
        "schedules",
        "costs",
        "locations",
        "la_reference",
    ]
    rows = [header]
    for n in range(7):
        rows.append(
            [
                "",
                "Stay and Play" if n % 3 == 0 else f"Rhyme time {n}",
                str(organisation.uuid),
                "Songs and stories.",
                "<p>Songs, <b>stories</b> and play.</p>",
                "activities; send-needs/hearing-impairment; activities" if n % 2 else "",
                str(n % 4),
                "5",
                "Mon 09:00-12:00; Wed 13:00-15:00 (term time)" if n % 2 else "",
                "Per session: 2.50 (siblings free)" if n % 3 else "",
                f"{hub.uuid}; {library.uuid}" if n % 2 else str(hub.uuid),
                f"REF-{n}" if n % 2 else "",
            ]
        )
    return rows


def import_rows(la, rows, *, bulk: bool, publish: bool, user=None, batch_size: int = 3):
    resource = ServiceResource(local_authority=la, user=user, publish=publish, bulk=bulk)
    return run_import(
        resource,
        open_table(io.BytesIO(csv_bytes(rows)), "csv"),
        dry_run=False,
        batch_size=batch_size,
    )


def _plain(data):
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in sorted(data.items()) if k not in VOLATILE}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


CHILD_ID = re.compile(r"\.\d+\.")


def state(la) -> dict:
    """Everything the import writes, without ids and clock times."""
    services = Service.objects.filter(local_authority=la, created_at__isnull=False).order_by("slug")
    found = {}
    for service in services.exclude(name="Stay and Play", la_reference="", slug="stay-and-play"):
        # In the order written: unordered, the two reads compared here may come back in
        # different orders on PostgreSQL (its plan changes as the table grows and is analysed).
        revisions = Revision.objects.filter(
            base_content_type=service.get_base_content_type(), object_id=str(service.pk)
        ).order_by("pk")
        logs = ModelLogEntry.objects.filter(object_id=str(service.pk)).order_by("id")
        references = ReferenceIndex.objects.filter(
            base_content_type=service.get_base_content_type(), object_id=str(service.pk)
        )
        found[service.slug] = {
            "record": _plain(service.serializable_data()),
            "live": service.live,
            "has_unpublished_changes": service.has_unpublished_changes,
            "published": service.first_published_at is not None,
            "live_is_latest": service.live_revision_id in (None, service.latest_revision_id),
            "revisions": [
                (_plain(r.content), r.object_str, r.user_id, r.pk == service.latest_revision_id)
                for r in revisions
            ],
            # What the revision holds of the record's own history (ids and times left out
            # above): none yet, as the record was before it pointed at the revision.
            "revision_history": [
                (
                    r.content.get("latest_revision"),
                    r.content.get("live_revision"),
                    r.content.get("first_published_at") is None,
                    r.content.get("last_published_at") is None,
                )
                for r in revisions
            ],
            "logs": [(e.action, e.label, e.user_id, e.content_changed, e.data) for e in logs],
            "log_revisions": all(e.revision_id == service.latest_revision_id for e in logs),
            "references": sorted(
                # a child row's path holds its id ("service_locations.12.location"), which a
                # rolled-back PostgreSQL sequence does not give back
                (
                    r.to_content_type_id,
                    r.to_object_id,
                    r.model_path,
                    CHILD_ID.sub(".N.", r.content_path),
                )
                for r in references
            ),
            "search_document": SearchDocument.objects.filter(service=service).exists(),
        }
    wagtail = sorted(s.slug for s in get_search_backend().search("Rhyme", Service))
    return {"services": found, "wagtail_search": wagtail}


@pytest.mark.parametrize("publish", [False, True])
def test_bulk_path_writes_what_the_row_by_row_path_wrote(la, publish):
    user = staff_user(la)
    rows = sample_rows(la)
    with transaction.atomic():
        report = import_rows(la, rows, bulk=False, publish=publish, user=user)
        assert report.errors == []
        assert report.ok and report.count("new") == 7
        before = state(la)
        transaction.set_rollback(True)
    assert not Service.objects.filter(name__startswith="Rhyme").exists()

    report = import_rows(la, rows, bulk=True, publish=publish, user=user)

    assert report.ok and report.count("new") == 7
    after = state(la)
    assert after == before
    assert set(after["services"]) >= {"stay-and-play-2", "stay-and-play-3", "stay-and-play-4"}
    assert len(after["wagtail_search"]) == 4


def test_a_clash_in_a_later_batch_keeps_nothing_from_earlier_batches(la, tmp_path):
    ServiceFactory(local_authority=la, name="Taken", slug="taken", la_reference="OLD-1")
    rows = [["id", "name", "slug", "la_reference"]]
    rows += [["", f"Otter club {n}", "", f"NEW-{n}"] for n in range(6)]
    rows.append(["", "Second otter", "otter-club-1", ""])  # row 8: slug of row 3
    rows.append(["", "Third otter", "", "NEW-2"])  # row 9: reference of row 4
    rows.append(["", "Fourth otter", "taken", "OLD-1"])  # row 10: both already taken
    path = tmp_path / "services.csv"
    path.write_bytes(csv_bytes(rows))

    # Row 10 has two, as full_clean() reports them on the row-by-row path.
    with pytest.raises(CommandError, match="4 problem"):
        call_command(
            "import_services", str(path), "--la", la.code, "--batch-size", "2", verbosity=0
        )

    assert list(Service.objects.values_list("name", flat=True)) == ["Taken"]
    assert not SearchDocument.objects.exclude(service__name="Taken").exists()
    assert not Revision.objects.filter(object_str__contains="otter").exists()
    assert not ModelLogEntry.objects.filter(label__contains="tter").exists()


@pytest.mark.parametrize("bulk", [True, False])
def test_clashes_are_reported_on_their_rows(la, bulk):
    ServiceFactory(local_authority=la, name="Taken", slug="taken", la_reference="OLD-1")
    rows = [["id", "name", "slug", "la_reference"]]
    rows += [["", f"Otter club {n}", "", f"NEW-{n}"] for n in range(6)]
    rows.append(["", "Second otter", "otter-club-1", ""])
    rows.append(["", "Third otter", "", "NEW-2"])
    rows.append(["", "Fourth otter", "taken", ""])

    report = import_rows(la, rows, bulk=bulk, publish=False, batch_size=2)

    assert not report.ok
    assert {(e.row, e.column) for e in report.errors} == {(8, "slug"), (9, ""), (10, "slug")}
    [reference] = [e.message for e in report.errors if e.row == 9]
    assert reference == "Another service of this local authority already has this LA reference."
    assert report.count("new") == 6 and report.count("error") == 3
    assert Service.objects.count() == 1


def test_same_names_across_batches_get_the_next_free_slug(la, tmp_path):
    ServiceFactory(local_authority=la, name="Baby yoga", slug="baby-yoga")
    path = tmp_path / "services.csv"
    path.write_bytes(csv_bytes([["id", "name"], *[["", "Baby yoga"] for _ in range(5)]]))

    call_command("import_services", str(path), "--la", la.code, "--batch-size", "2", verbosity=0)

    assert sorted(Service.objects.values_list("slug", flat=True)) == [
        "baby-yoga",
        "baby-yoga-2",
        "baby-yoga-3",
        "baby-yoga-4",
        "baby-yoga-5",
        "baby-yoga-6",
    ]


def test_names_whose_slugs_nest_are_numbered_past_their_own_taken_slugs(la, tmp_path):
    for slug in ("play-1", "play-1-2", "play-10", "play-1-club"):
        ServiceFactory(local_authority=la, name=slug, slug=slug)
    path = tmp_path / "services.csv"
    rows = [["id", "name"], ["", "Play 1"], ["", "Play 10"], ["", "Play 1"], ["", "Play 100"]]
    path.write_bytes(csv_bytes(rows))

    call_command("import_services", str(path), "--la", la.code, "--batch-size", "3", verbosity=0)

    new = Service.objects.exclude(name__startswith="play-").order_by("pk")
    assert [(s.name, s.slug) for s in new] == [
        ("Play 1", "play-1-3"),
        ("Play 10", "play-10-2"),
        ("Play 1", "play-1-4"),
        ("Play 100", "play-100"),
    ]


@pytest.mark.parametrize("batch_size", [500, 150])
def test_the_preview_shows_each_of_its_rows_with_its_changes_and_no_more(la, batch_size):
    rows = [["id", "name"], *[["", f"Rhyme time {n}"] for n in range(PREVIEW_ROWS + 5)]]
    resource = ServiceResource(local_authority=la)

    table = open_table(io.BytesIO(csv_bytes(rows)), "csv")

    report = run_import(resource, table, dry_run=True, batch_size=batch_size)

    assert report.count("new") == PREVIEW_ROWS + 5
    names = [[c for c in row.changes if c.column == "name"] for row in report.preview]
    assert names == [[Change("name", "", f"Rhyme time {n}")] for n in range(PREVIEW_ROWS)]


# --- changed rows ---------------------------------------------------------------------------


def existing_services(la, user) -> None:
    """Seven services as the sample import leaves them, then: two published, one of those
    with a draft awaiting publication, one draft with a second revision."""
    assert import_rows(la, sample_rows(la), bulk=True, publish=False, user=user).ok
    services = list(Service.objects.filter(name__startswith="Rhyme").order_by("name"))
    for service in services[:2]:
        service.save_revision(user=user).publish(user=user)
    pending = Service.objects.get(pk=services[1].pk)
    pending.summary = "Songs, stories and a puppet show."
    pending.save_revision(user=user)
    draft = Service.objects.get(pk=services[2].pk)
    draft.name = "Rhyme time (edited)"
    draft.save_revision(user=user)


def exported_rows(la) -> list[list[str]]:
    """The LA's services as the export gives them (header first), for editing."""
    resource = ServiceResource(local_authority=la)
    queryset = resource.get_queryset().filter(local_authority=la).order_by("pk")
    return [resource.get_export_headers()] + [
        ["" if cell is None else str(cell) for cell in resource.export_resource(obj)]
        for obj in queryset
    ]


def edited(rows: list[list[str]], hub) -> list[list[str]]:
    """Every row changed somewhere but the last: summaries for all, categories, schedules,
    costs, locations and references for some."""
    header, *body = rows
    column = {name: index for index, name in enumerate(header)}
    for n, row in enumerate(body[:-1]):
        row[column["summary"]] = f"New summary {n}."
        if n % 2:
            row[column["categories"]] = "activities"
        if n % 3 == 0:
            row[column["schedules"]] = "Tue 10:00-11:30; Mon 09:00-12:00"
            row[column["costs"]] = "Per term: 12.00"
        if n % 3 == 1:
            row[column["locations"]] = str(hub.uuid)
            row[column["schedules"]] = ""
        if n == 4:
            row[column["la_reference"]] = "REF-NEW"
    return [header, *body]


def searched(la) -> dict:
    """The search app's rows of each service, without ids and clock times."""
    from search.models import SearchEntry

    found = {}
    for model in (SearchDocument, SearchEntry):
        for row in model.objects.filter(service__local_authority=la).values():
            service = Service.objects.get(pk=row.pop("service_id")).slug
            found[(model.__name__, service)] = {
                k: v for k, v in row.items() if k != "id" and not k.endswith("_at")
            }
    return found


def sorted_children(data):
    """Revision content with each list of children sorted: two children with the same sort
    order come back from the database in no particular order."""
    if isinstance(data, dict):
        return {k: sorted_children(v) for k, v in data.items()}
    if isinstance(data, list):
        items = [sorted_children(v) for v in data]
        return sorted(items, key=repr) if all(isinstance(v, dict) for v in items) else items
    return data


def test_bulk_path_writes_changes_as_the_row_by_row_path_did(la):
    user = staff_user(la)
    existing_services(la, user)
    hub = Service.objects.get(name="Rhyme time 1").service_locations.first().location
    rows = edited(exported_rows(la), hub)
    with transaction.atomic():
        report = import_rows(la, rows, bulk=False, publish=False, user=user)
        assert report.errors == []
        before = (sorted_children(state(la)), searched(la))
        transaction.set_rollback(True)
    assert not Service.objects.filter(summary__startswith="New summary").exists()

    report = import_rows(la, rows, bulk=True, publish=False, user=user)

    assert report.errors == []
    assert report.count("changed") == 7 and report.count("unchanged") == 1
    after = (sorted_children(state(la)), searched(la))
    assert after == before
    services = after[0]["services"]
    assert sum(service["live"] for service in services.values()) == 2
    # The factory's service is left out of ``state``; the last row (unchanged) is not.
    edits = [service["logs"][-1][0] == "wagtail.edit" for service in services.values()]
    assert len(edits) == 7 and sum(edits) == 6


def test_changed_rows_clashing_in_a_later_batch_keep_nothing(la, tmp_path):
    ServiceFactory(local_authority=la, name="Taken", slug="taken", la_reference="OLD-1")
    services = [ServiceFactory(local_authority=la, name=f"Otter club {n}") for n in range(6)]
    for service in services:
        service.save_revision()
    rows = [["id", "name", "summary", "slug", "la_reference"]]
    rows += [[str(s.uuid), s.name, "Changed.", s.slug, ""] for s in services[:5]]
    rows.append([str(services[5].uuid), services[5].name, "Changed.", "taken", "OLD-1"])
    path = tmp_path / "services.csv"
    path.write_bytes(csv_bytes(rows))
    revisions, entries = Revision.objects.count(), ModelLogEntry.objects.count()

    with pytest.raises(CommandError, match="2 problem"):  # row 7: slug and reference
        call_command(
            "import_services", str(path), "--la", la.code, "--batch-size", "2", verbosity=0
        )

    assert not Service.objects.filter(summary="Changed.").exists()
    assert Revision.objects.count() == revisions
    assert ModelLogEntry.objects.count() == entries
    assert not SearchDocument.objects.filter(summary="Changed.").exists()


def test_changed_rows_clashing_are_reported_on_their_rows(la):
    ServiceFactory(local_authority=la, name="Taken", slug="taken", la_reference="OLD-1")
    services = [ServiceFactory(local_authority=la, name=f"Otter club {n}") for n in range(6)]
    Service.objects.filter(pk__in=[s.pk for s in services[4:]]).update(live=False)
    rows = [["id", "name", "slug", "la_reference"]]
    rows.append([str(services[0].uuid), "Otter club 0", "otter-club-0", "NEW-1"])
    rows.append([str(services[1].uuid), "Otter club 1", "taken", ""])  # row 3
    # Live: its change is a draft revision, its row keeps its reference; row 2 did the same.
    rows.append([str(services[2].uuid), "Otter club 2", services[2].slug, "NEW-1"])
    rows.append([str(services[3].uuid), "Otter club 3", services[3].slug, "OLD-1"])  # row 5
    rows.append([str(services[4].uuid), "Otter club 4", "taken", "OLD-1"])  # row 6: both
    rows.append([str(services[5].uuid), "Otter club 5", "new-otter", "NEW-1"])  # row 7: ok

    for bulk in (False, True):
        with transaction.atomic():
            report = import_rows(la, rows, bulk=bulk, publish=False, batch_size=3)
            transaction.set_rollback(True)
        assert [(e.row, e.column) for e in report.errors] == [
            (3, "slug"),
            (5, ""),
            (6, "slug"),
            (6, ""),
        ], bulk
        assert report.count("changed") == 3 and report.count("error") == 3


# --- new rows' checks --------------------------------------------------------------------------


def checked_rows(la) -> list[list[str]]:
    """New rows: good ones, rows each cell rule refuses, one with no name and one that
    changes nothing of a blank record (import-export counts it unchanged)."""
    organisation = OrganisationFactory(local_authority=la, name="Riverside Trust")
    hub = LocationFactory(local_authority=la, name="Riverside Hub", postcode="DN15 6NL")
    header = ["id", "name", "organisation", "minimum_age", "is_free", "email"]
    header += ["schedules", "costs", "locations", "ofsted_inspection_date", "status"]
    good = ["", "Rhyme time", str(organisation.uuid), "2", "yes", "a@example.org"]
    good += ["Mon 09:00-12:00", "Per session: 2.50", str(hub.uuid), "2025-03-31", ""]
    rows = [header, good, good[:]]
    for column, value in [
        ("minimum_age", "four"),
        ("is_free", "perhaps"),
        ("email", "not an email"),
        ("organisation", "Nobody Trust"),
        ("schedules", "Someday at noon"),
        ("costs", "Per session: lots"),
        ("locations", "Nowhere Hub"),
        ("ofsted_inspection_date", "31/02/2025"),
        ("status", "sleeping"),
        ("name", ""),
        ("name", "x" * 300),
    ]:
        row = good[:]
        row[header.index(column)] = value
        rows.append(row)
    rows.append(["", "", "", "", "", "", "", "", "", "", "active"])  # nothing changes
    rows.append(good[:])
    return rows


def outcome(report) -> tuple:
    """What the person sees: errors, counts and the preview (a new record's id aside)."""
    return (
        report.errors,
        dict(report.counts),
        [
            (row.row, row.outcome, row.name, [c for c in row.changes if c.column != "id"])
            for row in report.preview
        ],
    )


def import_export_rows(monkeypatch, *args, **kwargs):
    """``import_rows`` with each row read by import-export's own ``import_row`` (which copies
    the record to compare it and take its diff) and written by the same batch writers."""
    with monkeypatch.context() as patch:
        patch.setattr(ServiceResource, "import_row", ModelResource.import_row)
        return import_rows(*args, **kwargs)


@pytest.mark.parametrize("batch_size", [3, 500])
def test_new_rows_are_checked_and_previewed_as_import_export_does(la, monkeypatch, batch_size):
    rows = checked_rows(la)
    with transaction.atomic():
        report = import_export_rows(
            monkeypatch, la, rows, bulk=True, publish=False, batch_size=batch_size
        )
        expected = outcome(report)
        transaction.set_rollback(True)

    report = import_rows(la, rows, bulk=True, publish=False, batch_size=batch_size)

    assert outcome(report) == expected
    assert report.count("unchanged") == 1
    assert {error.column for error in report.errors} >= {
        "minimum_age",
        "is_free",
        "email",
        "organisation",
        "locations",
        "ofsted_inspection_date",
        "status",
        "name",
    }
    assert report.preview[0].outcome == "new" and report.preview[0].changes
    # Refused rows in any batch: nothing kept from the good ones in earlier batches.
    assert not report.committed
    assert not Service.objects.filter(name="Rhyme time").exists()
    assert not Revision.objects.filter(object_str="Rhyme time").exists()
    assert not SearchDocument.objects.filter(service__name="Rhyme time").exists()


@pytest.mark.parametrize("batch_size", [3, 500])
def test_rows_write_what_they_wrote_when_import_export_read_them(la, monkeypatch, batch_size):
    user = staff_user(la)
    rows = sample_rows(la)
    with transaction.atomic():
        report = import_export_rows(
            monkeypatch, la, rows, bulk=True, publish=False, user=user, batch_size=batch_size
        )
        expected = (outcome(report), state(la))
        transaction.set_rollback(True)

    report = import_rows(la, rows, bulk=True, publish=False, user=user, batch_size=batch_size)

    assert report.ok and report.count("new") == 7
    assert (outcome(report), state(la)) == expected


def test_changed_rows_are_compared_and_written_as_import_export_did(la, monkeypatch):
    user = staff_user(la)
    existing_services(la, user)
    hub = Service.objects.get(name="Rhyme time 1").service_locations.first().location
    rows = edited(exported_rows(la), hub)
    with transaction.atomic():
        report = import_export_rows(monkeypatch, la, rows, bulk=True, publish=False, user=user)
        expected = (outcome(report), sorted_children(state(la)), searched(la))
        transaction.set_rollback(True)

    report = import_rows(la, rows, bulk=True, publish=False, user=user)

    assert report.count("changed") == 7 and report.count("unchanged") == 1
    assert (outcome(report), sorted_children(state(la)), searched(la)) == expected


def test_an_import_keeps_the_process_objects_out_of_the_collector_only_while_it_runs(
    la, tmp_path, monkeypatch
):
    """Imports freeze the objects alive when they start (``gc.freeze``), so the collector's
    passes walk only the import's own; a worker process is left as it was, after a refused
    import too."""
    import gc

    from directory.importers.bulk import NewRecordWriter

    frozen_while_writing = []
    flush = NewRecordWriter.flush

    def watched_flush(self):
        frozen_while_writing.append(gc.get_freeze_count())
        return flush(self)

    monkeypatch.setattr(NewRecordWriter, "flush", watched_flush)
    path = tmp_path / "services.csv"
    path.write_bytes(csv_bytes([["id", "name"], ["", "Baby yoga"], ["", "Toddler yoga"]]))
    call_command("import_services", str(path), "--la", la.code, verbosity=0)
    assert frozen_while_writing and min(frozen_while_writing) > 1000
    assert gc.get_freeze_count() == 0

    path.write_bytes(csv_bytes([["id", "name", "minimum_age"], ["", "Bad age", "old"]]))
    with pytest.raises(CommandError):
        call_command("import_services", str(path), "--la", la.code, verbosity=0)
    assert gc.get_freeze_count() == 0
    assert Service.objects.count() == 2


@pytest.mark.parametrize("bulk", [False, True])
def test_a_draft_import_keeps_its_opening_times_and_costs_for_publication(la, bulk):
    """The draft's revision holds the new opening times (Wagtail once dropped every child
    relation from it, as their times were still text), so publishing it shows them."""
    user = staff_user(la)
    service = ServiceFactory(
        local_authority=la, name="Messy Play", schedules=[(0, "09:00", "12:00")]
    )
    service.save_revision(user=user).publish(user=user)
    header, *body = exported_rows(la)
    column = {name: index for index, name in enumerate(header)}
    body[0][column["schedules"]] = "Tue 10:00-11:30; Thu 13:00-15:00"
    body[0][column["costs"]] = "Per session: 2.50"

    report = import_rows(la, [header, *body], bulk=bulk, publish=False, user=user)

    assert report.errors == [] and report.count("changed") == 1
    service = Service.objects.get(pk=service.pk)
    assert list(service.schedules.values_list("weekday", flat=True)) == [0]  # live: unchanged
    service.latest_revision.publish(user=user)
    published = Service.objects.get(pk=service.pk)
    assert sorted(
        (s.weekday, s.opens_at.isoformat(), s.closes_at.isoformat())
        for s in published.schedules.all()
    ) == [(1, "10:00:00", "11:30:00"), (3, "13:00:00", "15:00:00")]
    assert [(c.option, str(c.amount)) for c in published.cost_options.all()] == [
        ("Per session", "2.50")
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's id sequences")
def test_an_import_never_hands_out_ids_the_sequence_has_already_given(la):
    """Another import running at the same time (another council's, Ofsted's) may hold ids
    it has taken from the sequence but not written yet: an import must not wind the sequence
    back to the largest id it can see, or both would write the same ids."""
    ServiceFactory(local_authority=la, name="Already here")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('directory_service', 'id')) "
            "FROM generate_series(1, 5)"
        )
        held = {row[0] for row in cursor.fetchall()}

    report = import_rows(
        la, [["id", "name"], ["", "Baby yoga"], ["", "Toddler gym"]], bulk=True, publish=False
    )

    assert report.committed
    imported = set(
        Service.objects.filter(name__in=["Baby yoga", "Toddler gym"]).values_list("pk", flat=True)
    )
    assert len(imported) == 2 and not imported & held
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('directory_service', 'id'))")
        assert cursor.fetchone()[0] > max(held | imported)


@pytest.mark.parametrize("publish", [False, True])
def test_new_services_are_written_once_already_pointing_at_their_revisions(la, publish):
    """Each new row is inserted with its revision (and, published, its live revision)
    already set: no UPDATE goes back over the rows just written."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        report = import_rows(la, sample_rows(la), bulk=True, publish=publish)

    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert not [sql for sql in updates if '"directory_service"' in sql.split("SET")[0]]
    assert_seven_new_services_with_their_revisions(la, report, publish)


def assert_seven_new_services_with_their_revisions(la, report, publish: bool) -> None:
    """The sample rows' seven services, each with its one revision: the latest, and the
    live one if published."""
    assert report.ok and report.count("new") == 7
    imported = Service.objects.filter(local_authority=la).exclude(slug="stay-and-play")
    assert imported.count() == 7
    for service in imported:
        assert service.latest_revision.object_id == str(service.pk)
        assert service.live is publish and service.has_unpublished_changes is not publish
        assert service.live_revision_id == (service.latest_revision_id if publish else None)
        assert Revision.objects.filter(object_id=str(service.pk)).count() == 1


@pytest.mark.parametrize("publish", [False, True])
def test_a_batch_the_database_refuses_is_written_a_record_at_a_time(la, monkeypatch, publish):
    """A clash the batch writer does not foresee makes the database refuse the whole batch
    (here the first insert of services is refused, as the database would): its records are
    then saved one at a time, from the state a new record starts in, not pointing at the
    revisions the refused batch had taken ids for."""
    from django.db import IntegrityError

    from directory.importers import bulk as bulk_writer

    insert = bulk_writer.insert_records
    refused = []

    def refuse_the_first_services(model, records):
        if model is Service and not refused:
            refused.append(len(records))
            raise IntegrityError("duplicate key value violates unique constraint")
        return insert(model, records)

    monkeypatch.setattr(bulk_writer, "insert_records", refuse_the_first_services)
    report = import_rows(la, sample_rows(la), bulk=True, publish=publish, batch_size=10)

    assert refused == [7]
    assert_seven_new_services_with_their_revisions(la, report, publish)
