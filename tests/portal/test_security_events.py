"""The security event log: staff downloads and refused staff URLs, for national admins only."""

from __future__ import annotations

import pytest

from directory.models import StaffRole
from portal.security.models import SecurityEvent
from tests.directory.admin_support import admin_url, national_admin
from tests.factories import ServiceFactory, staff_user
from tests.mapping.conftest import World, add_lines, world  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
REPORT = "/admin/reports/security/"


def test_mapping_export_and_report_downloads_are_logged_with_who_and_what(client, world):  # noqa: F811
    add_lines(world.mapping_return)
    lead = world.users["lead"]
    client.force_login(lead)
    export = f"/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/export/workforce.csv"
    assert client.get(export).status_code == 200
    report = client.get(
        "/mapping/reports/investment-matrix/", {"cycle": world.cycle.label, "format": "xlsx"}
    )
    assert report.status_code == 200
    first, second = SecurityEvent.objects.order_by("pk")
    assert (first.kind, first.user, first.username, first.path) == (
        "download",
        lead,
        lead.username,
        export,
    )
    assert first.filename.endswith("workforce.csv") and first.status_code == 200
    assert second.path == "/mapping/reports/investment-matrix/"
    assert "format=xlsx" in second.query and second.filename.endswith(".xlsx")
    # Looking at pages is not a download.
    client.get("/mapping/")
    assert SecurityEvent.objects.count() == 2


def test_refused_staff_urls_are_logged(client, world):  # noqa: F811
    other = ServiceFactory(local_authority=world.other_la)
    editor = world.users["editor"]
    client.force_login(editor)
    assert client.get(admin_url("service", "edit", other.pk)).status_code == 404
    client.force_login(world.users["lead"])
    refused = client.get(f"/mapping/returns/{world.other_return.pk}/")
    assert refused.status_code in {403, 404}
    events = list(SecurityEvent.objects.order_by("pk"))
    assert [(e.kind, e.username) for e in events] == [
        ("refused", editor.username),
        ("refused", world.users["lead"].username),
    ]
    assert events[0].path == admin_url("service", "edit", other.pk)
    # A missing public page is not a security event.
    client.get("/services/no-such-service/")
    assert SecurityEvent.objects.count() == 2


def test_only_national_administrators_see_the_security_events_report(client, world):  # noqa: F811
    SecurityEvent.objects.create(
        kind="download", username="someone", path="/mapping/x.csv", status_code=200
    )
    for role in ["editor", "lead", "dcs"]:
        client.force_login(world.users[role])
        assert client.get(REPORT).status_code in {302, 403}  # Wagtail redirects home
        assert "Security events" not in client.get("/admin/reports/").content.decode()
    client.force_login(national_admin())
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/mapping/x.csv" in html and "someone" in html
    filtered = client.get(REPORT, {"kind": "refused"}).content.decode()
    assert "/mapping/x.csv" not in filtered
    # The refusals above were themselves logged.
    assert SecurityEvent.objects.filter(kind="refused", path=REPORT).count() == 3


def test_a_staff_member_from_another_council_is_refused_a_report_download(client, world):  # noqa: F811
    client.force_login(staff_user(world.other_la, StaffRole.DELEGATE))
    response = client.get(
        f"/mapping/la/{world.la.slug}/cycles/{world.cycle.pk}/export/investment.csv"
    )
    assert response.status_code in {403, 404}
    assert SecurityEvent.objects.get().kind == "refused"
