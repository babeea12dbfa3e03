"""No mapping data on public pages, in the public API or in search."""

from __future__ import annotations

from django.urls import reverse

from mapping.services.publishing import publish_cycle

from .conftest import add_lines

AMOUNT = "8765432.19"
ROLE = "Quokka liaison officer"


def test_investment_and_workforce_never_reach_public_responses(world, client):
    add_lines(world.mapping_return, amount=AMOUNT, role=ROLE)
    publish_cycle(world.cycle)  # even after a cycle refreshes the directory
    urls = [
        "/",
        reverse("directory:service_search"),
        reverse("directory:service_search") + "?q=Riverside",
        reverse("directory:service_detail", kwargs={"slug": world.service.slug}),
        "/api/oruk/services",
        "/api/oruk/services?text=Riverside",
        f"/api/oruk/services/{world.service.uuid}",
    ]
    seen = 0
    for url in urls:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code in (200, 404), url
        seen += response.status_code == 200
        for secret in (AMOUNT, "8,765,432.19", ROLE, "Quokka"):
            assert secret not in body, f"{secret!r} leaked on {url}"
    assert seen >= 5
    detail = client.get(reverse("directory:service_detail", kwargs={"slug": world.service.slug}))
    assert "Riverside Family Hub" in detail.content.decode()  # the page itself is served
    # Searching the public directory for a workforce role finds nothing (the query is echoed).
    by_role = client.get(reverse("directory:service_search") + "?q=Quokka+liaison+officer")
    assert by_role.status_code == 200
    assert "Riverside Family Hub" not in by_role.content.decode()
    assert AMOUNT not in by_role.content.decode()


def test_search_does_not_find_services_by_mapping_data(world):
    from search import search_services
    from search.query import ServiceQuery

    add_lines(world.mapping_return, amount=AMOUNT, role=ROLE)
    results = search_services(ServiceQuery(text="Quokka liaison"))
    assert results.total == 0
    assert search_services(ServiceQuery(text="Riverside")).total >= 1


def test_mapping_pages_are_not_for_anonymous_visitors(world, client):
    response = client.get(f"/mapping/returns/{world.mapping_return.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/mapping/")
