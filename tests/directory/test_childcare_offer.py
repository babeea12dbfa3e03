"""The childcare offer: who may be seen (special considerations, consent), the service page,
the filters on both search backends and in the Elasticsearch query builder, the ORUK API,
vacancies never above places, and the s12 list."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory.models import ChildcareAgeGroup, ChildcareExtra, Service
from search import ServiceQuery, search_services
from search.backends import elasticsearch as es
from search.prepare import prepare
from tests.directory.admin_support import admin_url, service_form_data
from tests.factories import LocalAuthorityFactory, LocationFactory, ServiceFactory, staff_user

pytestmark = pytest.mark.django_db


def nursery(la, name="Acorn Day Nursery", **fields) -> Service:
    defaults = {
        "ofsted_urn": "EY200001",
        "ofsted_provision_type": "CCN",
        "on_early_years_register": True,
        "ofsted_grade": "good",
        "ofsted_inspection_date": dt.date(2025, 5, 10),
        "childcare_places": 40,
        "minimum_age": 0,
        "maximum_age": 4,
        "funded_universal_15_hours": True,
        "funded_30_hours": True,
        "tax_free_childcare": True,
        "opening_weeks": "all year",
        "vacancies_updated": dt.date(2026, 11, 20),
    }
    service = ServiceFactory(local_authority=la, name=name, **{**defaults, **fields})
    return service


def group(service, low, high, places, vacancies):
    return ChildcareAgeGroup.objects.create(
        service=service, age_from=low, age_to=high, places=places, vacancies=vacancies
    )


def found(**query) -> set[str]:
    results = search_services(ServiceQuery(page_size=100, **query), log=False)
    names = Service.objects.filter(pk__in=[h.service_id for h in results.hits])
    return set(names.values_list("name", flat=True))


@pytest.fixture
def la():
    return LocalAuthorityFactory(code="E06000097", name="Offerton")


# --- who may be seen -------------------------------------------------------------------


def test_special_considerations_and_consent_decide_what_the_public_sees(client, la):
    open_nursery = nursery(la, "Open Nursery")
    anon = nursery(la, "Anon Nursery", ofsted_special_consideration="ANON")
    refuge = nursery(la, "Refuge Nursery", ofsted_special_consideration="WREF")
    unknown = nursery(la, "Future Code Nursery", ofsted_special_consideration="ZZZ")
    mod = nursery(la, "Childcare on a Ministry of Defence site", ofsted_special_consideration="MOD")
    no_consent = nursery(la, "Alex Example", ofsted_provision_type="CMR")
    consent = nursery(la, "Sam Example", ofsted_provision_type="CMR", childminder_consent=True)

    public = set(Service.objects.public().values_list("name", flat=True))

    assert public == {open_nursery.name, mod.name, consent.name}
    for hidden in (anon, refuge, unknown, no_consent):
        assert client.get(f"/services/{hidden.slug}/").status_code == 404
        assert client.get(f"/api/oruk/services/{hidden.uuid}").status_code == 404
    assert found() == public


def test_a_mod_record_is_listed_without_address_contacts_or_a_place(client, la):
    location = LocationFactory(local_authority=la, name="Garrison Hall", address_1="1 Camp Road")
    mod = nursery(
        la,
        "Childcare on a Ministry of Defence site",
        ofsted_special_consideration="MOD",
        email="mod@example.org",
        phone="01632 960555",
        locations=[location],
    )

    page = client.get(f"/services/{mod.slug}/").content.decode()
    body = client.get(f"/api/oruk/services/{mod.uuid}").json()
    links = client.get("/api/oruk/service_at_locations").json()

    assert "Ministry of Defence" in page
    for secret in ("Garrison Hall", "1 Camp Road", "mod@example.org", "01632 960555"):
        assert secret not in page
        assert secret not in str(body)
    assert "service_at_locations" not in body and "email" not in body
    assert all(item["service_id"] != str(mod.uuid) for item in links["contents"])
    assert not mod.search_points.exists()
    assert es.to_document(mod).locations == []
    # A distance search cannot find it, so cannot reveal where it is either.
    assert mod.name not in found(postcode="DN15 6NL", radius_miles=50)


def test_a_mod_record_has_no_place_in_results_map_or_shortlist(client, la):
    location = LocationFactory(local_authority=la, name="Garrison Hall", address_1="1 Camp Road")
    mod = nursery(
        la,
        "Childcare on a Ministry of Defence site",
        ofsted_special_consideration="MOD",
        phone="01632 960555",
        email="mod@example.org",
        locations=[location],
    )

    results = client.get("/services/", {"q": "Ministry of Defence"}).content.decode()
    geojson = client.get("/services/map.geojson", {"q": "Ministry of Defence"}).json()
    client.post("/shortlist/add/", {"service": mod.pk})
    shortlist = client.get("/shortlist/").content.decode()

    assert "Childcare on a Ministry of Defence site" in results
    assert "Childcare on a Ministry of Defence site" in shortlist
    assert geojson["features"] == []
    for page in (results, shortlist):
        for secret in ("Garrison Hall", "1 Camp Road", "01632 960555", "mod@example.org"):
            assert secret not in page


# --- the service page --------------------------------------------------------------------


def test_the_service_page_shows_the_childcare_offer(client, la):
    service = nursery(la)
    group(service, 0, 1, 12, 2)
    group(service, 2, 4, 28, 0)
    ChildcareExtra.objects.create(
        service=service,
        kind="meals",
        description="Hot lunch",
        price=Decimal("2.50"),
        unit="per day",
    )
    ChildcareExtra.objects.create(
        service=service, kind="trips", price=Decimal("5"), unit="per trip"
    )

    page = client.get(f"/services/{service.slug}/").content.decode()

    for text in (
        'href="https://reports.ofsted.gov.uk/provider/16/EY200001"',
        "Childcare on non-domestic premises",
        "Early Years Register",
        "Good (10 May 2025)",
        "15 hours for all 3 and 4-year-olds",
        "30 hours for 3 and 4-year-olds from working families",
        "Tax-Free Childcare",
        "Accepted",
        "All year round",
        "0 to 1 years",
        "Vacancies last updated 20 November 2026",
        "Hot lunch: £2.50 per day",
        "£5.00 per trip",
    ):
        assert text in page, text


# --- vacancies never above places ----------------------------------------------------------


def test_vacancies_above_places_are_refused_by_the_model_and_the_admin(client, la):
    service = nursery(la)
    with pytest.raises(ValidationError) as error:
        ChildcareAgeGroup(service=service, age_from=2, age_to=4, places=8, vacancies=9).full_clean()
    assert "Vacancies (9) cannot be more than places (8)." in str(error.value)

    client.force_login(staff_user(la))
    data = service_form_data(
        la,
        name=service.name,
        slug=service.slug,
        **{
            "age_groups-TOTAL_FORMS": "1",
            "age_groups-0-age_from": "2",
            "age_groups-0-age_to": "4",
            "age_groups-0-places": "8",
            "age_groups-0-vacancies": "9",
            "age_groups-0-ORDER": "1",
        },
    )
    response = client.post(admin_url("service", "edit", service.pk), data)

    assert response.status_code == 200
    assert "cannot be more than places" in response.content.decode()
    assert not ChildcareAgeGroup.objects.filter(service=service).exists()


# --- filters --------------------------------------------------------------------------------


@pytest.fixture
def offers(la):
    baby = nursery(
        la,
        "Baby Room",
        funded_working_from_9_months=True,
        funded_universal_15_hours=False,
        funded_30_hours=False,
        minimum_age=0,
        maximum_age=2,
    )
    group(baby, 0, 1, 10, 3)
    twos = nursery(
        la,
        "Twos Club",
        funded_two_year_olds_disadvantaged=True,
        funded_universal_15_hours=False,
        funded_30_hours=False,
        minimum_age=2,
        maximum_age=3,
    )
    group(twos, 2, 3, 10, 0)
    preschool = nursery(la, "Preschool", minimum_age=3, maximum_age=4)
    group(preschool, 3, 4, 20, 5)
    minder = nursery(
        la,
        "Kim Example",
        ofsted_provision_type="CMR",
        childminder_consent=True,
        funded_universal_15_hours=False,
        funded_30_hours=False,
        minimum_age=0,
        maximum_age=11,
    )
    group(minder, 5, 11, 3, 1)
    ServiceFactory(local_authority=la, name="Stay and Play")
    return la


def test_funded_places_for_my_childs_age(offers):
    assert found(funded=True, age=1) == {"Baby Room"}
    assert found(funded=True, age=2) == {"Twos Club"}
    assert found(funded=True, age=4) == {"Preschool"}
    assert found(funded=True, age=7) == set()
    assert found(funded=True) == {"Baby Room", "Twos Club", "Preschool"}


def test_has_vacancies_with_and_without_an_age(offers):
    assert found(has_vacancies=True) == {"Baby Room", "Preschool", "Kim Example"}
    assert found(has_vacancies=True, age=3) == {"Preschool"}
    assert found(has_vacancies=True, age=8) == {"Kim Example"}


def test_provision_type(offers):
    assert found(provision_types=("CMR",)) == {"Kim Example"}
    assert found(provision_types=("CCN", "CMR")) == {
        "Baby Room",
        "Twos Club",
        "Preschool",
        "Kim Example",
    }


def test_the_search_page_offers_the_childcare_filters(client, offers):
    page = client.get("/services/", {"funded": "on", "age": "4", "vacancies": "on"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Preschool" in html and "Baby Room" not in html and "Stay and Play" not in html
    assert "Funded places for my child" in html and "Has vacancies" in html
    page = client.get("/services/", {"provision_type": "CMR"}).content.decode()
    assert "Kim Example" in page and "Preschool" not in page
    bad = client.get("/services/", {"provision_type": "NOPE"})
    assert bad.status_code == 200
    assert "Select a type of registration from the list" in bad.content.decode()


def test_elasticsearch_documents_and_filters_carry_the_same_rules(offers):
    baby = Service.objects.get(name="Baby Room")
    doc = es.to_document(baby)
    assert doc.funded_ages == [0, 1] and doc.vacancy_ages == [0, 1] and doc.has_vacancies
    assert doc.provision_type == "CCN"

    def filters(**kwargs):
        return es.build_search(prepare(ServiceQuery(**kwargs))).to_dict()["query"]["bool"]["filter"]

    assert {"term": {"funded_ages": 2}} in filters(funded=True, age=2)
    assert {"exists": {"field": "funded_ages"}} in filters(funded=True)
    assert {"term": {"vacancy_ages": 3}} in filters(has_vacancies=True, age=3)
    assert {"term": {"has_vacancies": True}} in filters(has_vacancies=True)
    assert {"terms": {"provision_type": ["CMR"]}} in filters(provision_types=("CMR",))


# --- ORUK API -------------------------------------------------------------------------------


def test_the_api_describes_the_offer_with_attributes_cost_options_and_accreditations(client, la):
    service = nursery(la)
    ChildcareExtra.objects.create(
        service=service,
        kind="meals",
        description="Hot lunch",
        price=Decimal("2.50"),
        unit="per day",
    )

    body = client.get(f"/api/oruk/services/{service.uuid}").json()

    assert "Ofsted registered, URN EY200001 (Early Years Register)" in body["accreditations"]
    assert "Latest inspection: Good, 10 May 2025" in body["accreditations"]
    names = {a["taxonomy_term"]["name"] for a in body["attributes"]}
    assert {
        "Ofsted provision type: Childcare on non-domestic premises",
        "Early Years Register",
        "Funded: 15 hours for all 3 and 4-year-olds",
        "Funded: 30 hours for 3 and 4-year-olds from working families",
        "Accepts Tax-Free Childcare",
        "Open: All year round",
    } <= names
    assert all(a["taxonomy_term"]["taxonomy"] == "Childcare offer" for a in body["attributes"])
    assert {
        "option": "Meals: Hot lunch",
        "amount": 2.5,
        "amount_description": "per day",
    }.items() <= next(c for c in body["cost_options"] if c["option"].startswith("Meals")).items()
    term_id = body["attributes"][0]["taxonomy_term_id"]
    assert client.get(f"/api/oruk/taxonomy_terms/{term_id}").status_code == 200


# --- the s12 list --------------------------------------------------------------------------


def test_the_s12_list_in_html_csv_and_xlsx(client, la):
    service = nursery(la, "=Formula Nursery")
    group(service, 0, 4, 40, 2)
    ChildcareExtra.objects.create(service=service, kind="meals", price=Decimal("3"), unit="per day")
    nursery(la, "Alex Example", ofsted_provision_type="CMR", email="alex@example.org")
    nursery(la, "Hidden", ofsted_special_consideration="ANON", phone="01632 960777")
    ServiceFactory(local_authority=la, name="Stay and Play")
    other = LocalAuthorityFactory(code="E06000096", name="Elsewhere")
    nursery(other, "Elsewhere Nursery")
    client.force_login(staff_user(la))
    url = reverse("directory_childcare_list:report")

    html = client.get(url).content.decode()
    assert "Formula Nursery" in html and "Stay and Play" not in html
    assert "Elsewhere Nursery" not in html
    assert "No: no consent from the childminder" in html
    assert "alex@example.org" not in html and "01632 960777" not in html

    response = client.get(reverse("directory_childcare_list:csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, *records = rows
    assert header[0] == "Name" and "Funded: " not in header[9]
    by_name = {r[0]: dict(zip(header, r, strict=True)) for r in records}
    formula = by_name["'=Formula Nursery"]  # neutralised for spreadsheets
    assert formula["Ofsted URN"] == "EY200001"
    assert formula["15 hours for all 3 and 4-year-olds"] == "Yes"
    assert formula["Vacancies"] == "0 to 4 years: 2"
    assert formula["Chargeable extras"] == "Meals: £3.00 per day"
    assert formula["Listed publicly"] == "Yes"
    assert len(records) == 3

    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("directory_childcare_list:xlsx")).content)
    )
    sheet = workbook.active
    assert sheet.cell(1, 1).value == "Name"
    assert sheet.max_row == 4

    public_only = client.get(url, {"la": la.pk, "public": "1"}).content.decode()
    assert "Alex Example" not in public_only and "Formula Nursery" in public_only


def test_the_s12_list_refuses_another_la_and_people_without_editing_rights(client, la):
    other = LocalAuthorityFactory(code="E06000096", name="Elsewhere")
    client.force_login(staff_user(other))
    url = reverse("directory_childcare_list:report")
    assert client.get(url, {"la": la.pk}).status_code == 404
    assert client.get(reverse("directory_childcare_list:csv"), {"la": la.pk}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_s12_list_also_covers_registrations_not_yet_in_the_directory(client, la):
    from pathlib import Path

    from django.core.management import call_command

    extract = Path(__file__).parent / "fixtures" / "ofsted" / "extract_v1.xml"
    call_command("import_ofsted", str(extract), "--la", la.code, stdout=io.StringIO(), verbosity=0)
    client.force_login(staff_user(la))

    response = client.get(reverse("directory_childcare_list:csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {r[1]: r for r in csv.reader(io.StringIO(text))}

    # The eight active registrations, none of them in the directory yet; inactive ones left out.
    assert {"EY100001", "EY100002", "EY100005", "123456"} <= set(rows)
    assert "EY100008" not in rows and "EY100009" not in rows
    nursery_row = rows["EY100001"]
    assert nursery_row[0] == "Acorn Day Nursery"
    assert "Early Years Register" in nursery_row[4] and nursery_row[5] == "Good"
    assert nursery_row[-1] == "No: on Ofsted's register, not in the directory yet"
    # No childminder's name and nothing a special consideration protects.
    assert rows["EY100002"][0] == "Childminder" and "Alex Example" not in text
    assert "Garrison" not in text and "Hidden Home" not in text and "setting00" not in text
    public_only = client.get(
        reverse("directory_childcare_list:report"), {"la": la.pk, "public": "1"}
    )
    assert "EY100001" not in public_only.content.decode()
