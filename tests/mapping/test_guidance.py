"""The 25 Every Child Matters aims (seeded, taggable on returns and readiness answers) and the
guidance: definitions under the questions and on the guidance page, edited only by national
administrators, and a step-by-step guide per role."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from mapping.models import EcmAim, GuidanceEntry, Outcome, ReadinessAnswer

from .conftest import DETAILS


def section_url(mapping_return, section: str) -> str:
    return reverse("mapping:section_edit", kwargs={"pk": mapping_return.pk, "section": section})


def test_the_25_ecm_aims_are_seeded_five_per_outcome(db):
    call_command("seed_mapping_outcomes")
    call_command("seed_mapping_outcomes")  # idempotent
    assert EcmAim.objects.count() == 25
    assert list(EcmAim.objects.values_list("number", flat=True)) == list(range(1, 26))
    for outcome in Outcome.objects.filter(kind="ecm"):
        assert outcome.aims.count() == 5
    assert EcmAim.objects.get(number=1).name == "Physically healthy"
    assert EcmAim.objects.get(number=1).outcome.name == "Be healthy"
    assert EcmAim.objects.get(number=25).outcome.name == "Achieve economic well-being"


def test_a_delegate_tags_a_return_with_ecm_aims(world, login):
    call_command("seed_mapping_outcomes")
    safe = EcmAim.objects.get(name="Safe from bullying and discrimination")
    ready = EcmAim.objects.get(name="Ready for school")
    client = login(world.users["delegate_assigned"])
    url = section_url(world.mapping_return, "service_details")
    page = client.get(url).content.decode()
    assert "Safe from bullying and discrimination (Stay safe)" in page
    response = client.post(url, DETAILS | {"ecm_aims": [safe.pk, ready.pk], "save": "1"})
    assert response.status_code == 302
    assert set(world.mapping_return.ecm_aims.all()) == {safe, ready}
    # Saving again without the aims on the page keeps them; ticking none clears them.
    page = client.get(url).content.decode()
    assert f'value="{safe.pk}"' in page and "checked" in page
    client.post(url, DETAILS | {"save": "1"})
    assert world.mapping_return.ecm_aims.count() == 0
    change = world.mapping_return.changes.filter(action="saved").first()
    assert "ecm_aims" in change.changes


def test_readiness_answers_are_tagged_with_ecm_aims(world, login):
    call_command("seed_mapping_outcomes")
    aim = EcmAim.objects.get(number=7)
    client = login(world.users["lead"])
    new = client.get("/mapping/reports/readiness/new/").content.decode()
    assert "Every Child Matters aims" in new and "7. Safe from accidental injury and death" in new
    response = client.post(
        "/mapping/reports/readiness/new/",
        {
            "local_authority": world.la.pk,
            "assessed_on-day": "30",
            "assessed_on-month": "11",
            "assessed_on-year": "2026",
            "q1-rating": "developing",
            "q1-ecm_aims": [aim.pk],
        },
    )
    assert response.status_code == 302
    answer = ReadinessAnswer.objects.get(question__number=1)
    assert list(answer.ecm_aims.all()) == [aim]
    compare = client.get(response["Location"]).content.decode()
    assert "ECM aims: 7" in compare


def test_definitions_are_hints_in_the_forms(world, login):
    call_command("seed_mapping_outcomes")
    client = login(world.users["delegate_assigned"])
    details = client.get(section_url(world.mapping_return, "service_details")).content.decode()
    # A hint under each tier, tied to its radio; the support-service boxes likewise.
    assert "Open to all children, young people and families in the area" in details
    assert 'aria-describedby="id_tier_0-item-hint"' in details
    assert 'id="id_tier_0-item-hint"' in details
    assert "Finding out what children and families need" in details  # needs analysis box
    assert "What the sectors mean" in details and "Delivered by a charity" in details
    assert "What the CAMHS tiers mean" in details
    assert "The Every Child Matters outcome &#x27;Stay safe&#x27;" in details
    finance = client.get(section_url(world.mapping_return, "finance")).content.decode()
    assert "What the types of expenditure mean" in finance
    assert "Pay and on-costs of the staff" in finance
    workforce = client.get(section_url(world.mapping_return, "workforce")).content.decode()
    assert "What the workforce groups mean" in workforce
    assert "Youth offending officers" in workforce
    practice = client.get("/mapping/sandbox/").content.decode()
    assert "Open to all children, young people and families in the area" in practice


def test_guidance_page_lists_every_classification_for_every_role(world, login):
    call_command("seed_mapping_outcomes")
    for role in ("delegate_assigned", "lead", "dcs"):
        page = login(world.users[role]).get("/mapping/guidance/")
        assert page.status_code == 200
        html = page.content.decode()
        for heading in (
            "Tiers of need",
            "Support services: the commissioning boxes",
            "Sectors",
            "Workforce groups",
            "Types of expenditure",
            "Every Child Matters outcomes",
        ):
            assert heading in html, (role, heading)
        assert "Live in households free from low income" in html  # aim 25
        assert "/mapping/guidance/tier/universal/" not in html  # no "Change" for them


def test_only_national_admins_edit_the_guidance(world, login):
    url = "/mapping/guidance/tier/universal/"
    assert login(world.users["lead"]).post(url, {"definition": "Hacked"}).status_code == 403
    assert not GuidanceEntry.objects.exists()
    admin = login(world.users["national_admin"])
    assert url in admin.get("/mapping/guidance/").content.decode()
    page = admin.post(url, {"definition": ""})
    assert page.status_code == 200 and "This field is required" in page.content.decode()
    response = admin.post(
        url, {"definition": "Services any family can use.", "examples": "Libraries."}
    )
    assert response.status_code == 302
    assert response["Location"] == "/mapping/guidance/#tier"
    entry = GuidanceEntry.objects.get()
    assert entry.updated_by == world.users["national_admin"]
    delegate = login(world.users["delegate_assigned"])
    form = delegate.get(section_url(world.mapping_return, "service_details")).content.decode()
    assert "Services any family can use. For example: Libraries." in form
    assert "Open to all children, young people and families" not in form
    assert "Services any family can use." in delegate.get("/mapping/guidance/").content.decode()
    # Back to the built-in wording.
    admin = login(world.users["national_admin"])
    assert admin.post(url, {"reset": "1"}).status_code == 302
    assert not GuidanceEntry.objects.exists()
    assert admin.get("/mapping/guidance/tier/nonsense/").status_code == 404
    assert admin.get("/mapping/guidance/nonsense/universal/").status_code == 404


@pytest.mark.parametrize(
    "role,step",
    [
        ("lead", "Check the summary and confirm completion"),
        ("delegate", "Fill in the section"),
        ("dcs", "Check the summary"),
        ("viewer", "Mind the double counting"),
    ],
)
def test_a_step_by_step_guide_for_each_role(world, login, role, step):
    client = login(world.users["delegate_assigned"])
    page = client.get(f"/mapping/guidance/tutorials/{role}/")
    assert page.status_code == 200
    assert step in page.content.decode() and "Step 1" in page.content.decode()
    assert (
        f"/mapping/guidance/tutorials/{role}/" in client.get("/mapping/guidance/").content.decode()
    )


def test_unknown_tutorial_is_not_found(world, login):
    assert login(world.users["lead"]).get("/mapping/guidance/tutorials/mayor/").status_code == 404
