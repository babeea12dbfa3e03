"""A parent finds a published service; drafts and non-public records stay hidden."""

import pytest

from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_published_service_page_shows_details(client):
    service = ServiceFactory(name="Little Acorns Nursery", summary="Care for under-fives.")
    response = client.get(f"/services/{service.slug}/")
    assert response.status_code == 200
    assert "Little Acorns Nursery" in response.content.decode()
    assert "Care for under-fives." in response.content.decode()


def test_unpublished_service_is_not_found(client):
    service = ServiceFactory(live=False)
    assert client.get(f"/services/{service.slug}/").status_code == 404


def test_mapping_only_service_is_not_found(client):
    service = ServiceFactory(is_public=False)
    assert client.get(f"/services/{service.slug}/").status_code == 404


def test_home_page_renders_without_crown_or_gds_font(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "GDS Transport" not in html
    assert "govuk-logo" not in html


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_service_page_has_what_a_parent_and_a_practitioner_need(client):
    import datetime as dt

    from directory.models import ChildcareRegistration, CostOption, OfstedGrade
    from tests.factories import LocationFactory

    location = LocationFactory(name="Ashby Family Hub", address_1="12 Mill Lane")
    service = ServiceFactory(
        name="Little Acorns Nursery",
        minimum_age=0,
        maximum_age=4,
        is_free=False,
        languages="English, Polish",
        accessibility="Hearing loop at reception.",
        online=True,
        send_local_offer=True,
        send_details="Makaton used in every session.",
        ofsted_urn="EY123456",
        childcare_registration=ChildcareRegistration.EARLY_YEARS_REGISTER,
        ofsted_grade=OfstedGrade.GOOD,
        childcare_places=40,
        funded_two_year_olds_disadvantaged=True,
        self_referral=False,
        professional_referral=True,
        who_can_refer="Health visitors and GPs.",
        referral_criteria="Level 2 on the continuum of need.",
        how_to_refer="Send the referral form.",
        referral_form_url="https://referrals.example.org/acorns",
        tier="targeted",
        phone="01632 960123",
        email="hello@acorns.example.org",
        last_reviewed=dt.date(2026, 3, 4),
        locations=[location],
        schedules=[(0, dt.time(7, 30), dt.time(18))],
    )
    CostOption.objects.create(service=service, option="Per day", amount="55.00")
    page = _page(client.get(f"/services/{service.slug}/"))
    for text in (
        "0 to 4 years",  # who for
        "Monday",
        "7:30am to 6:00pm",  # when
        "Ashby Family Hub",
        "12 Mill Lane",
        "DN15 6NL",  # where
        "Per day",
        "£55.00",  # cost
        "English, Polish",
        "Hearing loop at reception.",
        "In person, Online",
        "Makaton used in every session.",  # SEND
        "EY123456",
        "Good",
        "Early Years Register",
        "2-year-olds",  # childcare
        "01632 960123",
        "hello@acorns.example.org",  # contact
        "For practitioners",
        "Health visitors and GPs.",
        "Level 2 on the continuum of need.",
        "Send the referral form.",
        "https://referrals.example.org/acorns",
        "Targeted",
        "Last checked on 4 March 2026",
        "Report a problem with this page",
    ):
        assert text in page, text


def test_demo_banner_only_in_demo_mode(client, settings):
    settings.WAYMARK_DEMO_MODE = True
    assert "Demo data:" in _page(client.get("/services/"))
    settings.WAYMARK_DEMO_MODE = False
    assert "Demo data:" not in _page(client.get("/services/"))


@pytest.mark.parametrize("path", ["/", "/services/", "/services/?q=nothing-matches"])
def test_public_pages_carry_no_gds_transport_or_crown(client, path):
    ServiceFactory(name="Any Service")
    page = _page(client.get(path))
    assert "GDS Transport" not in page
    assert "govuk-logo" not in page
    assert "govuk-header__logotype" not in page
    assert "crown" not in page.lower().replace("crown copyright", "")


def test_built_stylesheet_has_no_gds_transport():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "build" / "main.css").read_text()
    assert "GDS Transport" not in css
    assert "system-ui" in css


def test_home_page_offers_search_and_category_entry_points(client):
    page = _page(client.get("/"))
    assert 'action="/services/"' in page
    assert 'name="q"' in page
    assert 'href="/services/?category=health"' in page
    assert "Special educational needs and disabilities (SEND)" in page


def test_information_page_renders_its_blocks(client):
    from wagtail.models import Site

    from portal.models import InformationPage

    home = Site.objects.get(is_default_site=True).root_page
    page = InformationPage(
        title="Help paying for childcare",
        slug="help-paying",
        body=[
            ("heading", "Funded hours"),
            ("inset", "Ask your provider."),
            ("details", {"summary": "Who can get it?", "text": "<p>Most families.</p>"}),
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    html = _page(client.get("/help-paying/"))
    assert '<h2 class="govuk-heading-l">Funded hours</h2>' in html
    assert '<div class="govuk-inset-text">Ask your provider.</div>' in html
    assert "govuk-details" in html and "Most families." in html
    assert "Help paying for childcare" in _page(client.get("/"))


def test_unpublished_organisation_name_stays_off_public_pages(client):
    """The API leaves an unpublished organisation out; the pages must too (issue 9 item 7)."""
    from tests.factories import OrganisationFactory

    hidden = OrganisationFactory(name="Unannounced Trust Merger Ltd", live=False)
    service = ServiceFactory(
        name="Stay and Play Wednesdays", organisation=hidden, local_authority=hidden.local_authority
    )
    detail = _page(client.get(f"/services/{service.slug}/"))
    assert "Stay and Play Wednesdays" in detail
    assert "Unannounced Trust Merger Ltd" not in detail
    results = _page(client.get("/services/", {"q": "Stay and Play"}))
    assert "Stay and Play Wednesdays" in results
    assert "Unannounced Trust Merger Ltd" not in results
    hidden.live = True
    hidden.save()
    assert "Unannounced Trust Merger Ltd" in _page(client.get(f"/services/{service.slug}/"))
    assert "Unannounced Trust Merger Ltd" in _page(client.get("/services/", {"q": "Stay and Play"}))
