"""`manage.py load_demo_data` builds a realistic, synthetic, repeatable directory."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from directory.demo import generate_directory
from directory.models import (
    LocalAuthority,
    Location,
    Membership,
    Organisation,
    Service,
    StaffRole,
    TaxonomyTerm,
)
from directory.taxonomy import CHILDCARE_TYPES, SERVICE_CATEGORIES
from directory.validators import POSTCODE_RE

pytestmark = pytest.mark.django_db

SIZE = 80  # services per LA: enough for every category, small enough to be quick


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_demo_data", services_per_la=SIZE, no_progress=True, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (LocalAuthority, Organisation, Location, Service, get_user_model())
    }


def test_loads_two_real_authorities_with_synthetic_services():
    output = load()
    codes = set(LocalAuthority.objects.values_list("code", flat=True))
    assert {"E06000013", "E06000012"} <= codes
    assert Service.objects.count() == 2 * SIZE
    for la in LocalAuthority.objects.filter(code__in=["E06000013", "E06000012"]):
        assert la.services.count() == SIZE
    assert f"{2 * SIZE:,} services" in output
    assert Service.objects.public().count() > 0.9 * 2 * SIZE


def test_second_run_creates_nothing():
    load()
    before = counts()
    output = load()
    assert counts() == before
    assert "nothing created" in output


def test_every_category_and_childcare_type_has_services():
    load()
    leaves = TaxonomyTerm.objects.filter(
        taxonomy__name=SERVICE_CATEGORIES, children__isnull=True
    ).distinct()
    unused = [t.name for t in leaves if not t.services.exists()]
    assert unused == []
    for top in TaxonomyTerm.objects.filter(taxonomy__name=SERVICE_CATEGORIES, parent=None):
        assert Service.objects.filter(categories__parent=top).exists(), top.name
    childcare = TaxonomyTerm.objects.filter(taxonomy__name=CHILDCARE_TYPES)
    assert all(t.services.exists() for t in childcare)


def test_records_are_complete_and_valid():
    load()
    for location in Location.objects.all():
        assert POSTCODE_RE.match(location.postcode), location.postcode
        assert location.postcode[:2] == "DN"
        assert 53.3 < float(location.latitude) < 53.9
        assert -1.0 < float(location.longitude) < 0.2
        location.full_clean()
    for organisation in Organisation.objects.all():
        organisation.full_clean()
    for service in Service.objects.all()[:60]:
        service.full_clean()
        assert service.schedules.exists()
        assert service.service_locations.exists()
        assert service.contacts.exists()
        assert service.is_free or service.cost_options.exists()
        assert service.last_reviewed and service.review_due > service.last_reviewed
        assert service.email.endswith(".example.org")
        assert re.match(r"^(01632 960|07700 900)\d{3}$", service.phone)
    childcare = Service.objects.exclude(childcare_registration="")
    assert childcare.exists()
    assert childcare.exclude(ofsted_urn="").filter(ofsted_grade__gt="").exists()
    assert childcare.filter(funded_universal_15_hours=True, age_groups__vacancies__gt=0).exists()
    assert childcare.filter(tax_free_childcare=True, childcare_extras__price__gt=0).exists()
    assert childcare.exclude(opening_weeks="").exclude(vacancies_updated=None).exists()
    childminders = childcare.filter(ofsted_provision_type="CMR")
    assert childminders.filter(childminder_consent=True).exists()
    for service in childcare.prefetch_related("age_groups")[:60]:
        for group in service.age_groups.all():
            group.full_clean()  # never more vacancies than places
    assert Service.objects.filter(send_local_offer=True).exclude(send_details="").exists()
    assert Service.objects.filter(self_referral=False, professional_referral=True).exists()
    assert Service.objects.exclude(referral_criteria="").exclude(referral_form_url="").exists()


def test_same_seed_gives_the_same_directory():
    def generated(seed: int) -> list[tuple]:
        savepoint = transaction.savepoint()
        generate_directory(services_per_la=30, seed=seed)
        rows = list(Service.objects.order_by("source_id").values_list("source_id", "name", "uuid"))
        transaction.savepoint_rollback(savepoint)
        return rows

    first = generated(7)
    assert len(first) == 60
    assert generated(7) == first
    assert generated(8) != first


def test_extra_authorities_for_benchmarks_are_clearly_made_up():
    summary = generate_directory(local_authorities=3, services_per_la=10)
    assert summary.created["services"] == 30
    extra = LocalAuthority.objects.get(code="E99000003")
    assert extra.name == "Demo Borough 003"
    assert extra.services.count() == 10


def test_prints_working_logins_one_editor_per_la_and_a_national_admin(client):
    output = load()
    logins = dict(re.findall(r"^\s+(\S+)\s+(demo-\S+)", output, flags=re.MULTILINE))
    assert set(logins) == {
        "north-lincolnshire-editor",
        "north-east-lincolnshire-editor",
        "north-lincolnshire-provider@example.org",
        "north-east-lincolnshire-provider@example.org",
        "national-admin",
    }
    editor = get_user_model().objects.get(username="north-lincolnshire-editor")
    membership = Membership.objects.get(user=editor)
    assert membership.role == StaffRole.EDITOR
    assert membership.local_authority.code == "E06000013"
    assert editor.groups.filter(name="LA staff").exists()

    assert editor.check_password(logins[editor.username])
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    own = Service.objects.filter(local_authority__code="E06000013").first()
    other = Service.objects.filter(local_authority__code="E06000012").first()
    edit = "wagtailsnippets_directory_service:edit"
    # A demo service has no revision yet; the admin edit view still opens it.
    assert own.latest_revision is None
    assert client.get(reverse(edit, args=[own.pk])).status_code == 200
    assert client.get(reverse(edit, args=[other.pk])).status_code in (403, 404)

    admin = get_user_model().objects.get(username="national-admin")
    assert admin.check_password(logins["national-admin"])
    client.force_login(admin)
    assert client.get(reverse(edit, args=[other.pk])).status_code == 200

    load()  # a second run keeps the printed passwords valid
    admin.refresh_from_db()
    assert admin.check_password(logins["national-admin"])


def test_demo_services_are_searchable_on_the_public_page(client):
    load()
    response = client.get("/services/", {"q": "club"})
    page = response.content.decode()
    found = int(re.search(r"(\d+) services? found", page).group(1))
    assert found > 0
    service = Service.objects.public().first()
    assert client.get(service.get_absolute_url()).status_code == 200


def test_demo_provider_signs_in_to_the_provider_area_and_sees_local_offer_comments(client):
    output = load()
    logins = dict(re.findall(r"^\s+(\S+)\s+(demo-\S+)", output, flags=re.MULTILINE))
    username = "north-lincolnshire-provider@example.org"
    signed_in = client.post(
        "/provider/sign-in/", {"username": username, "password": logins[username]}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/provider/"
    assert "Your services" in client.get("/provider/").content.decode()
    index = client.get("/local-offer/you-said-we-did/").content.decode()
    assert "You said, we did in" in index  # the demo's published answers
