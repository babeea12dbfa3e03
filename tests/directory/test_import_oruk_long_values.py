"""Real council feeds: long URLs, long descriptions and long names are kept, not skipped,
and every note or skip names the record, the field and the reason."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from directory.models import Location, Organisation, Service
from tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db

LONG_URL = "https://example.org/services/" + "family-support/" * 19 + "?ref=" + "x" * 14
WORDS = "Stay and play sessions for babies toddlers and their grown ups every week "


def record(**fields) -> dict:
    base = {
        "id": "svc-long",
        "name": "Riverside Stay and Play",
        "description": "<p>Songs and stories.</p>",
        "status": "active",
        "service_at_locations": [
            {
                "id": "sal-1",
                "location": {
                    "id": "loc-1",
                    "name": "Riverside Family Hub",
                    "addresses": [
                        {
                            "address_1": "1 River Street",
                            "city": "Scunthorpe",
                            "postal_code": "DN15 6NL",
                        }
                    ],
                },
            }
        ],
    }
    return base | fields


def run(tmp_path, *records: dict) -> list[str]:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"contents": list(records)}))
    out = io.StringIO()
    la = LocalAuthorityFactory(code="E06000013", name="North Lincolnshire")
    call_command("import_oruk", str(feed), "--la", la.code, stdout=out, verbosity=0)
    return out.getvalue().splitlines()


def test_a_333_character_website_is_kept_on_the_service_and_its_organisation(tmp_path):
    assert len(LONG_URL) == 333
    organisation = {"id": "org-1", "name": "Riverside Trust", "website": LONG_URL}
    lines = run(tmp_path, record(url=LONG_URL, organization=organisation))
    assert lines[-1] == "services: created=1 updated=0 unchanged=0 skipped=0"
    service = Service.objects.get(source_id="svc-long")
    assert service.get_latest_revision_as_object().website == LONG_URL
    assert Organisation.objects.get(source_id="org-1").website == LONG_URL


def test_a_url_over_2000_characters_is_dropped_with_a_note_naming_record_and_field(tmp_path):
    too_long = "https://example.org/" + "a" * 2000
    lines = run(tmp_path, record(url=too_long))
    assert lines[-1] == "services: created=1 updated=0 unchanged=0 skipped=0"
    assert (
        "Note on Riverside Stay and Play [svc-long]: website dropped "
        "(longer than 2,000 characters: 2,020)"
    ) in lines
    assert Service.objects.get(source_id="svc-long").website == ""


def test_a_long_description_gives_a_summary_cut_at_a_word_and_keeps_the_full_text(tmp_path):
    text = (WORDS * 5).strip()  # 369 characters of plain text
    lines = run(tmp_path, record(description=f"<p>{text}</p>"))
    assert lines[-1] == "services: created=1 updated=0 unchanged=0 skipped=0"
    service = Service.objects.get(source_id="svc-long")
    assert len(service.summary) <= 300
    assert service.summary.endswith("…")
    kept = service.summary.removesuffix("…")
    assert text.startswith(kept) and text[len(kept)] == " "  # a whole word, then the cut
    assert service.description == f"<p>{text}</p>"


def test_a_summary_of_exactly_301_characters_after_trimming_is_not_skipped(tmp_path):
    text = "word " * 60 + "w"
    assert len(text) == 301
    lines = run(tmp_path, record(description=f"  <p> {text} </p>  "))
    assert lines[-1] == "services: created=1 updated=0 unchanged=0 skipped=0"
    assert len(Service.objects.get(source_id="svc-long").summary) <= 300


def test_an_over_long_name_is_cut_at_a_word_with_a_note(tmp_path):
    name = "Riverside " + "Family Support and Early Help Service " * 7  # 276 characters
    lines = run(tmp_path, record(name=name))
    assert lines[-1] == "services: created=1 updated=0 unchanged=0 skipped=0"
    service = Service.objects.get(source_id="svc-long")
    assert len(service.name) <= 200 and service.name.endswith("…")
    assert name.startswith(service.name.removesuffix("…"))
    notes = [line for line in lines if line.startswith("Note on ")]
    assert notes == [
        f"Note on {name.strip()} [svc-long]: name cut to {len(service.name)} characters at a "
        f"word boundary (the feed's has {len(name.strip())}, the most kept is 200)"
    ]


def test_over_long_location_and_opening_values_are_kept_cut_with_notes(tmp_path):
    street = "Unit 4, The Old Mill Buildings, " * 8
    lines = run(
        tmp_path,
        record(
            service_at_locations=[
                {
                    "location": {
                        "id": "loc-1",
                        "name": "Riverside Family Hub",
                        "addresses": [
                            {"address_1": street, "city": "Scunthorpe", "postal_code": "DN15 6NL"}
                        ],
                    }
                }
            ],
            schedules=[
                {"byday": "MO", "opens_at": "09:00", "closes_at": "11:00", "description": WORDS * 4}
            ],
        ),
    )
    assert lines[-1] == "services: created=1 updated=0 unchanged=0 skipped=0"
    location = Location.objects.get(source_id="loc-1")
    assert len(location.address_1) <= 200 and street.startswith(location.address_1[:-1])
    notes = " | ".join(line for line in lines if line.startswith("Note on Riverside"))
    assert "location “Riverside Family Hub” address line 1 cut to" in notes
    assert "opening notes cut to" in notes
    schedule = Service.objects.get(source_id="svc-long").schedules.get()
    assert len(schedule.notes) <= 200


def test_every_skip_names_the_record_and_the_reason(tmp_path):
    lines = run(tmp_path, record(id="svc-nameless", name=""), record(), record())
    assert lines[-1] == "services: created=1 updated=0 unchanged=0 skipped=2"
    assert "Skipped (no name) [svc-nameless]: no name" in lines
    assert (
        "Skipped Riverside Stay and Play [svc-long]: duplicate id (an earlier record had it)"
        in lines
    )
