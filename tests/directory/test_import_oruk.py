"""`manage.py import_oruk`: ORUK 3.0 and 1.0 feeds, messy records, idempotence, URL walking."""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from directory.models import Location, Organisation, Service
from tests.factories import LocalAuthorityFactory, ServiceFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
V3 = FIXTURES / "oruk3_services.json"
V1 = FIXTURES / "oruk1_services.json"
MIXED = FIXTURES / "oruk_mixed_array.json"


def run(source, la, *args) -> str:
    out = io.StringIO()
    call_command("import_oruk", str(source), "--la", la.code, *args, stdout=out, verbosity=0)
    return out.getvalue()


def last_line(output: str) -> str:
    """The command's closing line, the counts."""
    return output.rstrip("\n").splitlines()[-1]


@pytest.fixture
def la():
    return LocalAuthorityFactory(code="E06000013", name="North Lincolnshire")


def test_v3_feed_imports_clean_drafts_and_reports_the_messy_records(la):
    output = run(V3, la)

    assert last_line(output) == "services: created=3 updated=0 unchanged=0 skipped=3"
    assert "duplicate id" in output
    assert "no name" in output
    assert "no id" in output
    assert "Underwater basket weaving (1)" in output
    assert "location “MyCity Civic Center” skipped (postcode" in output

    play = Service.objects.get(local_authority=la, source_id="svc-3-stay-and-play")
    assert play.name == "Stay and Play at Riverside"
    assert play.email == "hello@example.org"
    assert "<strong>messy play</strong>" in play.description
    assert "script" not in play.description and "onerror" not in play.description
    assert play.live is False and play.latest_revision is not None
    assert play.is_free is True
    assert play.languages == "English, Polish"
    assert [t.name for t in play.categories.all()] == ["Parent, baby and toddler groups"]
    assert [(s.weekday, s.opens_at.strftime("%H:%M"), s.notes) for s in play.schedules.all()] == [
        (0, "09:30", "Term time only"),
        (2, "09:30", "Term time only"),
    ]
    assert play.organisation.name == "Riverside Children's Trust"
    assert play.organisation.source_id == "org-3-riverside"
    [location] = [link.location for link in play.service_locations.all()]
    assert (location.source_id, location.postcode, location.address_1) == (
        "loc-3-riverside",
        "DN15 6NL",
        "1 River Street",
    )
    assert not Location.objects.filter(source_id="loc-3-overseas").exists()

    counselling = Service.objects.get(source_id="svc-3-counselling")
    assert counselling.website == ""  # "not a url" dropped
    assert (counselling.minimum_age, counselling.maximum_age) == (11, None)
    assert counselling.status == "temporarily closed"
    assert [t.name for t in counselling.categories.all()] == ["Social, emotional and mental health"]
    assert counselling.organisation == play.organisation  # one organisation, shared

    ages = Service.objects.get(source_id="svc-3-ages")
    assert (ages.minimum_age, ages.maximum_age, ages.status) == (None, None, "active")
    assert ages.is_free is True
    assert not Service.objects.public().filter(local_authority=la).exists()


def test_v1_feed_with_nested_organisation_and_vendor_fields(la):
    output = run(V1, la)

    assert last_line(output) == "services: created=2 updated=0 unchanged=0 skipped=1"
    music = Service.objects.get(source_id="legacy-101")
    assert music.organisation.name == "Northfield Community Association"
    assert (music.minimum_age, music.maximum_age) == (1, 4)
    assert music.eligibility_notes == "Parents and carers with toddlers"
    assert music.phone == "01724 296296"
    assert music.cost_notes == "£2 per child"
    assert [(c.option, str(c.amount)) for c in music.cost_options.all()] == [("Per child", "2.00")]
    assert [s.weekday for s in music.schedules.all()] == [1, 3]
    assert "javascript" not in music.description and "onclick" not in music.description
    assert [t.name for t in music.categories.all()] == ["Music, arts and dance"]
    assert "Leisure (1)" in output
    holiday = Service.objects.get(source_id="legacy-102")
    assert holiday.name == "Holiday Club"
    assert holiday.schedules.count() == 0  # "Funday" is no day
    assert Organisation.objects.filter(local_authority=la).count() == 1


def test_bare_array_mixing_both_shapes(la):
    output = run(MIXED, la)
    assert last_line(output).startswith("services: created=2 ")
    assert Service.objects.get(source_id="mixed-1").schedules.get().weekday == 3
    speech = Service.objects.get(source_id="mixed-2")
    assert [t.name for t in speech.categories.all()] == ["Speech, language and communication needs"]


def test_importing_twice_changes_nothing(la):
    run(V3, la)
    run(V1, la)
    before = (
        sorted(Service.objects.values_list("pk", "name", "latest_revision_id", "updated_at")),
        Location.objects.count(),
        Organisation.objects.count(),
    )

    assert last_line(run(V3, la)) == "services: created=0 updated=0 unchanged=3 skipped=3"
    assert last_line(run(V1, la)) == "services: created=0 updated=0 unchanged=2 skipped=1"

    after = (
        sorted(Service.objects.values_list("pk", "name", "latest_revision_id", "updated_at")),
        Location.objects.count(),
        Organisation.objects.count(),
    )
    assert after == before


def test_a_changed_record_is_updated_as_a_draft_and_published_ones_stay_public(la, tmp_path):
    run(V3, la, "--publish")
    play = Service.objects.get(source_id="svc-3-stay-and-play")
    assert play.live and Service.objects.public().filter(pk=play.pk).exists()

    feed = json.loads(V3.read_text())
    feed["contents"][0]["name"] = "Stay and Play (Riverside)"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(feed))
    assert "created=0 updated=1 unchanged=2 " in last_line(run(changed, la))

    play.refresh_from_db()
    assert play.name == "Stay and Play at Riverside"  # the published version is untouched
    assert play.has_unpublished_changes
    draft = play.get_latest_revision_as_object()
    assert draft.name == "Stay and Play (Riverside)"

    # The draft holds the record's children too, so publishing it keeps them.
    def children(service):
        return (
            sorted((s.weekday, s.opens_at, s.closes_at) for s in service.schedules.all()),
            sorted(link.location_id for link in service.service_locations.all()),
        )

    assert children(draft) == children(play) and all(children(play))
    assert "created=0 updated=0 unchanged=3 " in last_line(run(changed, la))  # the draft counts


def test_records_are_keyed_per_local_authority(la):
    other = LocalAuthorityFactory(code="E06000012")
    ServiceFactory(local_authority=other, source_id="svc-3-stay-and-play", name="Theirs")
    run(V3, la)
    assert (
        Service.objects.get(local_authority=other, source_id="svc-3-stay-and-play").name == "Theirs"
    )
    assert Service.objects.filter(source_id="svc-3-stay-and-play").count() == 2


def test_unreadable_sources_are_clear_errors(la, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="not a UTF-8 JSON file"):
        run(broken, la)
    with pytest.raises(CommandError, match="no list of services"):
        broken.write_text('{"total_items": 0}')
        run(broken, la)
    with pytest.raises(CommandError, match="No local authority"):
        call_command("import_oruk", str(V3), "--la", "E09999999", verbosity=0)


class FeedServer:
    """A real ORUK-shaped API on 127.0.0.1: list pages of summaries, full records by id."""

    def __init__(self, records: list[dict], per_page: int = 2, raw: bytes | None = None):
        self.raw = raw  # given: every answer is these bytes, whatever they hold
        self.records = {r["id"]: r for r in records}
        self.order = [r["id"] for r in records]
        self.per_page = per_page
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                if server.raw is not None:
                    status, payload = 200, server.raw
                else:
                    status, body = server.answer(self.path)
                    payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}/api/oruk"

    def answer(self, path: str):
        parts = urlsplit(path)
        if parts.path == "/api/oruk/services":
            page = int(parse_qs(parts.query).get("page", ["1"])[0])
            ids = self.order[(page - 1) * self.per_page : page * self.per_page]
            pages = -(-len(self.order) // self.per_page)
            summaries = [
                {k: v for k, v in self.records[i].items() if k in ("id", "name", "description")}
                for i in ids
            ]
            return 200, {
                "total_items": len(self.order),
                "total_pages": pages,
                "page_number": page,
                "size": len(ids),
                "first_page": page == 1,
                "last_page": page >= pages,
                "empty": not ids,
                "contents": summaries,
            }
        prefix = "/api/oruk/services/"
        if parts.path.startswith(prefix) and parts.path[len(prefix) :] in self.records:
            return 200, self.records[parts.path[len(prefix) :]]
        return 404, {"detail": "Not found"}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_walks_every_page_of_an_api_and_fetches_full_records(la):
    records = [r for r in json.loads(V3.read_text())["contents"] if r.get("id") and r["id"].strip()]
    unique = list({r["id"]: r for r in records}.values())
    with FeedServer(unique, per_page=2) as server:
        output = run(server.base + "/", la)

    pages = [p for p in server.requests if p.startswith("/api/oruk/services?")]
    assert len(pages) == 2  # 4 records, 2 a page
    assert any(p == "/api/oruk/services/svc-3-stay-and-play" for p in server.requests)
    # the nameless one is skipped
    assert last_line(output) == "services: created=3 updated=0 unchanged=0 skipped=1"
    play = Service.objects.get(source_id="svc-3-stay-and-play")
    assert play.schedules.count() == 2 and play.service_locations.count() == 1


def test_an_api_that_fails_is_reported(la):
    with FeedServer([]) as server, pytest.raises(CommandError, match="answered 404"):
        run(server.base.replace("/api/oruk", "/nowhere"), la)


@pytest.mark.parametrize(
    "payload",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"contents": [{"id": "a", "minimum_age": ' + b"9" * 5000 + b"}]}",
    ],
    ids=["nested too deeply", "number too long"],
)
def test_an_api_answering_json_python_cannot_read_is_reported(la, payload):
    with (
        FeedServer([], raw=payload) as server,
        pytest.raises(CommandError, match="did not answer with readable JSON"),
    ):
        run(server.base, la)
    assert not Service.objects.exists()


def test_an_organisation_shared_by_records_follows_the_records_kept(la, monkeypatch):
    """Records naming one organisation share it; one that is skipped after its organisation
    was saved leaves nothing behind for the next, and the latest details win."""
    from django.core.exceptions import ValidationError

    from directory.importers.oruk import OrukImporter

    def refuse_bad_place(location):
        if location.name == "Bad place":
            raise ValidationError({"name": "Not this place."})

    monkeypatch.setattr(Location, "clean", refuse_bad_place)
    address = {"address_1": "1 High St", "city": "Town", "postal_code": "DN15 6NL"}
    records = [
        {
            "id": "svc-1",
            "name": "One",
            "organization": {"id": "org-1", "name": "Shared Trust"},
            "service_at_locations": [
                {"location": {"id": "loc-1", "name": "Bad place", "addresses": [address]}}
            ],
        },
        {"id": "svc-2", "name": "Two", "organization": {"id": "org-1", "name": "Shared Trust"}},
        {"id": "svc-3", "name": "Three", "organization": {"id": "org-1", "name": "Shared Trust"}},
        {"id": "svc-4", "name": "Four", "organization": {"id": "org-1", "name": "Trust Ltd"}},
    ]

    summary = OrukImporter(la).run(records)

    assert summary.counts["created"] == 3 and summary.counts["skipped"] == 1
    assert "Not this place." in summary.skipped[0][1]
    [organisation] = Organisation.objects.filter(local_authority=la)
    assert organisation.name == "Trust Ltd"
    assert set(Service.objects.filter(local_authority=la).values_list("name", "organisation")) == {
        ("Two", organisation.pk),
        ("Three", organisation.pk),
        ("Four", organisation.pk),
    }


def test_a_location_shared_by_records_follows_the_records_kept(la, monkeypatch):
    """Records naming one location share it; what a skipped record did to it is undone for
    the records after it, as in the database, and the latest details win."""
    from django.core.exceptions import ValidationError

    from directory.importers.oruk import OrukImporter

    def refuse_bad_place(location):
        if location.name == "Bad place":
            raise ValidationError({"name": "Not this place."})

    monkeypatch.setattr(Location, "clean", refuse_bad_place)
    address = {"address_1": "1 High St", "city": "Town", "postal_code": "DN15 6NL"}

    def service(key: str, *places: tuple[str, str]) -> dict:
        links = [
            {"location": {"id": place, "name": name, "addresses": [address]}}
            for place, name in places
        ]
        return {"id": key, "name": key.title(), "service_at_locations": links}

    OrukImporter(la).run([service("svc-0", ("loc-9", "Old hall"))])
    records = [
        service("svc-1", ("loc-1", "Hub"), ("loc-2", "Bad place")),  # created, rolled back
        service("svc-2", ("loc-1", "Hub")),
        service("svc-3", ("loc-1", "Hub renamed")),
        service("svc-4", ("loc-1", "Hub renamed")),
        service("svc-5", ("loc-9", "New hall"), ("loc-2", "Bad place")),  # renamed, rolled back
        service("svc-6", ("loc-9", "Old hall")),
    ]

    summary = OrukImporter(la).run(records)

    assert summary.counts["created"] == 4 and summary.counts["skipped"] == 2
    # Counted as saved, even in a record then skipped: svc-1's and svc-2's loc-1, svc-3's and
    # svc-5's renames; svc-6 finds loc-9 as stored, unchanged.
    assert dict(summary.related) == {"locations created": 2, "locations updated": 2}
    places = dict(Location.objects.filter(local_authority=la).values_list("source_id", "name"))
    assert places == {"loc-1": "Hub renamed", "loc-9": "Old hall"}
    links = {
        service.source_id: [link.location.source_id for link in service.service_locations.all()]
        for service in Service.objects.filter(local_authority=la)
    }
    assert links == {
        "svc-0": ["loc-9"],
        "svc-2": ["loc-1"],
        "svc-3": ["loc-1"],
        "svc-4": ["loc-1"],
        "svc-6": ["loc-9"],
    }


def test_coordinates_outside_the_uk_are_left_out_with_a_note_and_the_place_kept(la):
    """Swapped, mistyped or missing-sign coordinates would put a place in another country
    on the map and in every distance: the place is kept without them, and the note says which
    value went and why."""
    from directory.importers.oruk import OrukImporter

    address = {"address_1": "1 High St", "city": "Town", "postal_code": "DN15 6NL"}

    def place(key: str, latitude, longitude) -> dict:
        location = {"id": key, "name": key, "addresses": [address]}
        location.update(latitude=latitude, longitude=longitude)
        return {"location": location}

    record = {
        "id": "svc-map",
        "name": "Map test",
        "service_at_locations": [
            place("loc-uk", 53.5886, -0.6545),
            place("loc-swapped", -0.6545, 53.5886),
            place("loc-nan", "NaN", "Infinity"),
        ],
    }

    summary = OrukImporter(la).run([record])

    assert summary.counts["created"] == 1
    coordinates = {
        source_id: (latitude and float(latitude), longitude and float(longitude))
        for source_id, latitude, longitude in Location.objects.filter(
            local_authority=la
        ).values_list("source_id", "latitude", "longitude")
    }
    assert coordinates == {
        "loc-uk": (53.5886, -0.6545),
        "loc-swapped": (None, None),
        "loc-nan": (None, None),
    }
    notes = [note for _, note in summary.notes]
    assert "location “loc-swapped” latitude “-0.6545” left out (not a place in the UK)" in notes
    assert "location “loc-swapped” longitude “53.5886” left out (not a place in the UK)" in notes
    assert "location “loc-nan” longitude “Infinity” left out (not a place in the UK)" in notes
