"""Spreadsheets in and out through the Wagtail admin: round trip, refusals, neutralising."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from directory.exchange.models import PendingImport
from directory.models import CostOption, Location, Organisation, Service, TaxonomyTerm
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db

INDEX = "directory_exchange:index"


@pytest.fixture
def la():
    return LocalAuthorityFactory(code="E06000013", name="North Lincolnshire")


@pytest.fixture
def editor(la):
    return staff_user(la)


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def directory(la):
    """A few services with every flattened column filled, and awkward text."""
    hub = LocationFactory(local_authority=la, name="Riverside Hub", postcode="DN15 6NL")
    library = LocationFactory(local_authority=la, name="Central Library", postcode="DN15 6NS")
    organisation = OrganisationFactory(local_authority=la, name="=Riverside Trust")
    play_term = TaxonomyTerm.objects.get(taxonomy__name="Service categories", slug="activities")
    hearing = TaxonomyTerm.objects.get(taxonomy__name="SEND needs", slug="hearing-impairment")
    play = ServiceFactory(
        local_authority=la,
        organisation=organisation,
        name="Stay and Play",
        summary="-ish: songs; stories",
        phone="+44 1724 296296",
        email="play@example.org",
        minimum_age=0,
        maximum_age=5,
        categories=[play_term, hearing],
        locations=[hub, library],
        schedules=[(0, dt.time(9, 30), dt.time(11)), (2, dt.time(13), dt.time(15))],
        la_reference="NL-001",
    )
    CostOption.objects.create(
        service=play, option="Per session; per child", amount="2.50", amount_description="x"
    )
    CostOption.objects.create(service=play, option="Siblings", amount=None)
    ServiceFactory(local_authority=la, organisation=organisation, name="@Home Visits", live=False)
    return play


def snapshot(la) -> list:
    rows = []
    for service in Service.objects.filter(local_authority=la).order_by("pk"):
        values = {f.attname: getattr(service, f.attname) for f in Service._meta.concrete_fields}
        rows.append(
            (
                values,
                sorted(service.categories.values_list("pk", flat=True)),
                list(service.schedules.values_list("weekday", "opens_at", "closes_at", "notes")),
                list(service.cost_options.values_list("option", "amount", "amount_description")),
                sorted(service.service_locations.values_list("pk", "location_id")),
                service.revisions.count(),
            )
        )
    rows.append(list(Organisation.objects.filter(local_authority=la).values()))
    rows.append(list(Location.objects.filter(local_authority=la).values()))
    return rows


def export(client, la, kind="services", fmt="csv") -> bytes:
    response = client.get(reverse("directory_exchange:export", args=[kind, fmt]), {"la": la.pk})
    assert response.status_code == 200
    if fmt == "csv":
        return b"".join(response.streaming_content)
    return response.content


def upload(client, la, content: bytes, name="services.csv", kind="services", **extra):
    data = {"kind": kind, "local_authority": la.pk, "file": SimpleUploadedFile(name, content)}
    data.update(extra)
    return client.post(reverse(INDEX), data)


def csv_bytes(rows: list[list], encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def errors_of(response) -> list[tuple[str, str, str]]:
    report = response.context["report"]
    return [(str(e.row), e.column, e.message) for e in report.errors]


# --- round trip ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(admin_client, la, directory, fmt):
    before = snapshot(la)
    content = export(admin_client, la, fmt=fmt)

    preview = upload(admin_client, la, content, name=f"export.{fmt}")
    assert preview.status_code == 200
    report = preview.context["report"]
    assert report.ok, report.errors
    assert (report.count("unchanged"), report.count("new"), report.count("changed")) == (2, 0, 0)

    pending = PendingImport.objects.get()
    done = admin_client.post(reverse("directory_exchange:confirm", args=[pending.token]))
    assert done.status_code == 302
    summary = admin_client.get(done["Location"])
    assert "2 unchanged" in summary.content.decode()
    assert snapshot(la) == before


@pytest.mark.parametrize("kind", ["organisations", "locations"])
def test_other_kinds_round_trip(admin_client, la, directory, kind):
    before = snapshot(la)
    preview = upload(admin_client, la, export(admin_client, la, kind=kind), kind=kind)
    report = preview.context["report"]
    assert report.ok and report.count("unchanged") == report.total > 0
    assert snapshot(la) == before


def test_export_neutralises_formulas_and_flattens_related_records(admin_client, la, directory):
    rows = list(csv.DictReader(io.StringIO(export(admin_client, la).decode("utf-8-sig"))))
    play = next(row for row in rows if row["name"] == "Stay and Play")
    assert play["phone"] == "'+44 1724 296296"
    assert play["summary"] == "'-ish: songs; stories"
    assert (
        next(row for row in rows if row["name"].endswith("Home Visits"))["name"] == "'@Home Visits"
    )
    assert play["categories"] == "activities; send-needs/hearing-impairment"
    assert play["schedules"] == "Mon 09:30-11:00; Wed 13:00-15:00"
    assert play["costs"] == "Per session\\; per child: 2.50 (x); Siblings"
    assert len(play["locations"].split("; ")) == 2
    assert play["organisation"] == str(directory.organisation.uuid)

    sheet = load_workbook(io.BytesIO(export(admin_client, la, fmt="xlsx"))).active
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'+44 1724 296296" in cells
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in cells)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_export_is_scoped_to_the_staff_members_local_authority(admin_client, la, directory):
    other = LocalAuthorityFactory(code="E06000012")
    ServiceFactory(local_authority=other, name="Someone else's")
    response = admin_client.get(
        reverse("directory_exchange:export", args=["services", "csv"]), {"la": other.pk}
    )
    assert response.status_code == 404
    assert b"Someone else" not in export(admin_client, la)


# --- new and changed rows --------------------------------------------------------------


def test_new_and_changed_rows_preview_with_diff_then_save_as_drafts(admin_client, la, directory):
    rows = list(csv.reader(io.StringIO(export(admin_client, la).decode("utf-8-sig"))))
    header = rows[0]
    changed = rows[1][:]
    changed[header.index("name")] = "Stay and Play (Riverside)"
    new = [""] * len(header)
    new[header.index("name")] = "Baby Massage"
    new[header.index("schedules")] = "Fri 10:00-11:00 (bring a towel)"
    new[header.index("categories")] = "activities"
    new[header.index("locations")] = "Riverside Hub, DN15 6NL"
    new[header.index("organisation")] = "=riverside trust"
    preview = upload(admin_client, la, csv_bytes([header, changed, rows[2], new]))

    report = preview.context["report"]
    assert report.ok, report.errors
    assert (report.count("new"), report.count("changed"), report.count("unchanged")) == (1, 1, 1)
    html = preview.content.decode()
    assert "Riverside)</ins>" in html or "(Riverside)" in html
    assert not Service.objects.filter(name="Baby Massage").exists()  # dry run only

    pending = PendingImport.objects.get()
    admin_client.post(reverse("directory_exchange:confirm", args=[pending.token]))
    baby = Service.objects.get(name="Baby Massage")
    assert baby.live is False and baby.revisions.count() == 1
    assert baby.schedules.get().notes == "bring a towel"
    assert baby.service_locations.get().location.name == "Riverside Hub"
    assert baby.organisation == directory.organisation
    directory.refresh_from_db()
    assert directory.name == "Stay and Play"  # published version untouched...
    assert directory.get_latest_revision_as_object().name == "Stay and Play (Riverside)"


# --- refusals --------------------------------------------------------------------------

HEADER = ["id", "name", "categories", "minimum_age", "maximum_age", "local_authority"]


def refused(client, la, content, name="services.csv", kind="services"):
    before = snapshot(la)
    response = upload(client, la, content, name=name, kind=kind)
    assert response.status_code == 200
    assert snapshot(la) == before
    assert not PendingImport.objects.exists()
    return response


def test_every_row_error_is_listed_and_the_whole_file_refused(admin_client, la, directory):
    content = csv_bytes(
        [
            HEADER,
            ["", "Fine row", "activities", "1", "4", ""],
            ["", "Unknown category", "underwater-basket-weaving", "", "", ""],
            ["", "Ages the wrong way", "", "9", "3", ""],
            ["", "", "", "", "", ""],  # blank lines are ignored
            ["", "", "activities", "", "", ""],
            ["", "Ambiguous", "hearing-impairment", "", "", ""],
        ]
    )
    response = refused(admin_client, la, content)
    errors = errors_of(response)
    assert ("3", "categories", "“underwater-basket-weaving” is not a known category.") in errors
    assert (
        "4",
        "maximum_age",
        "Maximum age must be the same as or more than the minimum age.",
    ) in errors
    assert ("6", "name", "This field cannot be blank.") in errors
    assert any(e[0] == "7" and "more than one taxonomy" in e[2] for e in errors)
    assert "refused and nothing was saved" in response.content.decode()
    assert not Service.objects.filter(name="Fine row").exists()


def test_a_value_past_the_last_column_is_a_row_error_not_a_server_error(admin_client, la):
    """A stray comma typed into a CSV row leaves a value with no column to go in."""
    content = csv_bytes(
        [
            ["id", "name", "minimum_age"],
            ["", "Stay and Play", "1", ""],  # an empty cell past the end is harmless
            ["", "Rhyme Time", "2", "oops"],
        ]
    )
    errors = errors_of(refused(admin_client, la, content))
    assert errors == [
        ("3", "", "This row has a value past the last column (“oops”); check for a stray comma.")
    ]


def test_an_age_too_large_for_the_database_gets_one_plain_message(admin_client, la):
    """Not also the database's own range ("less than or equal to 9223372036854775807")."""
    content = csv_bytes(
        [
            ["id", "name", "minimum_age", "maximum_age"],
            ["", "Stay and Play", "99999999999999999999", "30"],
        ]
    )
    errors = errors_of(refused(admin_client, la, content))
    assert errors == [
        ("2", "minimum_age", "Minimum age must be 25 or under."),
        ("2", "maximum_age", "Maximum age must be 25 or under."),
    ]


def test_empty_cells_past_the_last_column_are_ignored(admin_client, la):
    content = csv_bytes([["id", "name", "minimum_age"], ["", "Stay and Play", "1", "", " "]])
    response = upload(admin_client, la, content)
    assert response.status_code == 200
    assert errors_of(response) == []
    assert PendingImport.objects.count() == 1


def test_bad_postcode_is_refused(admin_client, la):
    content = csv_bytes(
        [
            ["id", "name", "address_1", "city", "postcode"],
            ["", "Hub", "1 High St", "Town", "QQ1 1QQ"],
        ]
    )
    errors = errors_of(refused(admin_client, la, content, kind="locations"))
    assert errors == [("2", "postcode", "Enter a real UK postcode, like DN15 6NL.")]


def test_missing_required_and_unknown_columns_are_refused(admin_client, la):
    content = csv_bytes([["name", "colour"], ["A service", "blue"]])
    errors = errors_of(refused(admin_client, la, content))
    assert ("1", "id", "This required column is missing.") in errors
    assert ("1", "colour", "Not a column this import knows; check the spelling.") in errors


def test_rows_for_another_local_authority_are_refused(admin_client, la, directory):
    other = LocalAuthorityFactory(code="E06000012", name="North East Lincolnshire")
    theirs = ServiceFactory(local_authority=other, name="Theirs")
    content = csv_bytes(
        [
            ["id", "name", "local_authority"],
            ["", "Sneaky", "E06000012"],
            [str(theirs.uuid), "Renamed", ""],
        ]
    )
    errors = errors_of(refused(admin_client, la, content))
    assert errors[0][:2] == ("2", "local_authority")
    assert "another local authority" in errors[0][2]
    # Another council's id reads exactly as an unknown one: nothing confirms that it exists.
    assert errors[1] == (
        "3",
        "id",
        f"There is no service with id {theirs.uuid}; leave it blank to add a record.",
    )
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"


def test_a_local_authority_the_user_does_not_manage_cannot_be_chosen(admin_client, la):
    other = LocalAuthorityFactory(code="E06000012")
    response = upload(admin_client, other, csv_bytes([["id", "name"], ["", "X"]]))
    assert "local_authority" in response.context["form"].errors


def test_duplicate_ids_are_refused(admin_client, la, directory):
    content = csv_bytes(
        [["id", "name"], [str(directory.uuid), "One"], [str(directory.uuid), "Two"]]
    )
    errors = errors_of(refused(admin_client, la, content))
    assert ("3", "id", "This id is already used on row 2.") in errors


def test_non_utf8_csv_is_refused_with_advice(admin_client, la):
    content = csv_bytes([["id", "name"], ["", "Café in Scunthorpe"]], encoding="cp1252")
    response = refused(admin_client, la, content)
    [message] = response.context["form"].errors["file"]
    assert "not UTF-8" in message and "CSV UTF-8" in message


def test_wrong_extension_and_fake_xlsx_are_refused(admin_client, la):
    response = refused(admin_client, la, b"id,name\n,X\n", name="services.txt")
    assert "is not a CSV or XLSX file" in response.context["form"].errors["file"][0]
    response = refused(admin_client, la, b"id,name\n,X\n", name="services.xlsx")
    assert "not a real XLSX workbook" in response.context["form"].errors["file"][0]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("hello.txt", "not a workbook")
    response = refused(admin_client, la, archive.getvalue(), name="services.xlsx")
    assert "could not be opened" in response.context["form"].errors["file"][0]


@override_settings(WAYMARK_MAX_UPLOAD_BYTES=100)
def test_oversize_files_are_refused(admin_client, la):
    response = refused(admin_client, la, b"id,name\n" + b",A long service name\n" * 10)
    assert "largest accepted is" in response.context["form"].errors["file"][0]


def test_xlsx_upload_with_typed_cells(admin_client, la):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["id", "name", "minimum_age", "maximum_age", "last_reviewed", "is_free"])
    sheet.append([None, "Typed cells", 3, 7.0, dt.datetime(2026, 1, 2), True])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = upload(admin_client, la, buffer.getvalue(), name="typed.xlsx")
    assert preview.context["report"].ok, preview.context["report"].errors
    pending = PendingImport.objects.get()
    admin_client.post(reverse("directory_exchange:confirm", args=[pending.token]))
    service = Service.objects.get(name="Typed cells")
    assert (service.minimum_age, service.maximum_age, service.is_free) == (3, 7, True)
    assert service.last_reviewed == dt.date(2026, 1, 2)


# --- who may confirm -------------------------------------------------------------------


def test_another_user_cannot_confirm_someone_elses_upload(admin_client, client, la, directory):
    upload(admin_client, la, csv_bytes([["id", "name"], ["", "Mine"]]))
    pending = PendingImport.objects.get()
    other_la = LocalAuthorityFactory(code="E06000012")
    intruder = staff_user(other_la)
    client.force_login(intruder)
    response = client.post(reverse("directory_exchange:confirm", args=[pending.token]))
    assert response.status_code == 404
    assert not Service.objects.filter(name="Mine").exists()


def test_publish_needs_permission_and_publishes(admin_client, la, editor):
    content = csv_bytes([["id", "name"], ["", "Published straight away"]])
    upload(admin_client, la, content, publish="on")
    pending = PendingImport.objects.get()
    admin_client.post(reverse("directory_exchange:confirm", args=[pending.token]))
    service = Service.objects.get(name="Published straight away")
    assert service.live and Service.objects.public().filter(pk=service.pk).exists()

    editor.user_permissions.remove(*editor.user_permissions.filter(codename="publish_service"))
    response = upload(admin_client, la, csv_bytes([["id", "name"], ["", "Nope"]]), publish="on")
    assert "publish" in response.context["form"].errors


# --- command line ----------------------------------------------------------------------


def test_import_services_command_streams_a_file_all_or_nothing(la, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "services.csv"
    rows = [["id", "name", "minimum_age", "maximum_age"]]
    rows += [["", f"Service {n}", "1", "5"] for n in range(30)]
    rows.append(["", "Broken", "9", "2"])
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_services", str(path), "--la", la.code, "--batch-size", "7", verbosity=0
        )
    assert not Service.objects.filter(local_authority=la).exists()

    path.write_bytes(csv_bytes(rows[:-1]))
    out = io.StringIO()
    call_command(
        "import_services", str(path), "--la", la.code, "--batch-size", "7", stdout=out, verbosity=0
    )
    assert "Imported 30 rows: 30 new, 0 changed, 0 unchanged." in out.getvalue()
    assert Service.objects.filter(local_authority=la, live=False).count() == 30


def test_the_admin_page_offers_upload_and_this_las_exports(admin_client, la):
    other = LocalAuthorityFactory(code="E06000012", name="Elsewhere")
    response = admin_client.get(reverse(INDEX))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check the file" in html
    assert f"?la={la.pk}" in html and f"?la={other.pk}" not in html
    assert "Import and export" in admin_client.get(reverse("wagtailadmin_home")).content.decode()


def test_confirming_twice_imports_once(admin_client, la):
    upload(admin_client, la, csv_bytes([["id", "name"], ["", "Only once"]]))
    pending = PendingImport.objects.get()
    url = reverse("directory_exchange:confirm", args=[pending.token])
    first, second = admin_client.post(url), admin_client.post(url)
    assert first["Location"] == second["Location"]
    assert Service.objects.filter(name="Only once").count() == 1
    pending.refresh_from_db()
    assert pending.summary["new"] == 1 and not pending.files.exists()


def test_bad_numbers_and_dates_name_row_column_and_problem_in_plain_english(admin_client, la):
    content = csv_bytes(
        [
            ["id", "name", "minimum_age", "childcare_places", "ofsted_inspection_date"],
            ["", "Age in words", "four", "", ""],
            ["", "Half a child", "2.5", "", ""],
            ["", "Places typed oddly", "", "ten", ""],
            ["", "Impossible date", "", "", "31/02/2025"],
        ]
    )
    response = refused(admin_client, la, content)
    errors = errors_of(response)
    assert ("2", "minimum_age", "“four” is not a whole number. Enter digits, like 4.") in errors
    assert ("3", "minimum_age", "“2.5” is not a whole number. Enter digits, like 4.") in errors
    assert ("4", "childcare_places", "“ten” is not a whole number. Enter digits, like 4.") in errors
    assert (
        "5",
        "ofsted_inspection_date",
        "“31/02/2025” is not a date. Enter it like 2025-03-31.",
    ) in errors
    html = response.content.decode()
    assert "InvalidOperation" not in html and "ConversionSyntax" not in html


def test_preview_shows_key_columns_with_changed_values_expandable_as_text(
    admin_client, la, directory
):
    rows = list(csv.reader(io.StringIO(export(admin_client, la).decode("utf-8-sig"))))
    header = rows[0]
    changed = rows[1][:]
    changed[header.index("summary")] = "A new summary"
    changed[header.index("description")] = "<p>Now with <strong>messy play</strong>.</p>"
    response = upload(admin_client, la, csv_bytes([header, changed]))
    html = response.content.decode()
    # Key columns only across the table: row, outcome, record, what changed.
    preview = html[html.index('id="import-preview"') :]
    head = preview[: preview.index("</thead>")]
    assert head.count("</th>") == 4
    assert "description" not in head
    # The changed values, before and after, one click away and as words, not markup.
    assert "<details" in preview and '<th scope="row">summary</th>' in preview
    assert "Now with messy play." in preview
    assert "&lt;p&gt;" not in preview and "&lt;strong&gt;" not in preview
